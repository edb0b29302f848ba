/** Ready-made konnectors ("Use template"): created inactive on the connection the user picks. */
import { registry, templateConnectors, TEMPLATES } from '@konnect/connectors';

export interface TemplateDto {
  key: string;
  name: string;
  description: string;
  /** The app whose connection the template's trigger uses (the one "Use template" asks for). */
  connectorKey: string;
  /** Every app the template uses, the trigger's first. */
  connectorKeys: string[];
  trigger: { connector: string; event: string; name: string };
  actions: { connector: string; action: string; name: string }[];
}

export function listTemplates(): TemplateDto[] {
  return TEMPLATES.map((t) => ({
    key: t.key,
    name: t.name,
    description: t.description,
    connectorKey: t.trigger.connector,
    connectorKeys: templateConnectors(t),
    trigger: { ...t.trigger, name: registry.trigger(t.trigger.connector, t.trigger.event)?.name ?? t.trigger.event },
    actions: t.actions.map((a) => ({ connector: a.connector, action: a.action, name: registry.action(a.connector, a.action)?.name ?? a.action })),
  }));
}
