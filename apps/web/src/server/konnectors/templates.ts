/** Ready-made konnectors ("Use template"): created inactive on the connection the user picks. */
import { CUSTIFY_TEMPLATES, registry } from '@konnect/connectors';

export interface TemplateDto {
  key: string;
  name: string;
  description: string;
  /** The app whose connection the template's trigger and actions use. */
  connectorKey: string;
  trigger: { connector: string; event: string; name: string };
  actions: { connector: string; action: string; name: string }[];
}

export function listTemplates(): TemplateDto[] {
  return CUSTIFY_TEMPLATES.map((t) => ({
    key: t.key,
    name: t.name,
    description: t.description,
    connectorKey: t.trigger.connector,
    trigger: { ...t.trigger, name: registry.trigger(t.trigger.connector, t.trigger.event)?.name ?? t.trigger.event },
    actions: t.actions.map((a) => ({ connector: a.connector, action: a.action, name: registry.action(a.connector, a.action)?.name ?? a.action })),
  }));
}
