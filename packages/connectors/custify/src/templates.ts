/** A ready-made automation: the platform turns it into a konnector draft. */
export interface ConnectorTemplate {
  key: string;
  name: string;
  description: string;
  trigger: { connector: string; event: string };
  /** Each action with its field mapping (templates over the trigger's and earlier steps' data). */
  actions: { connector: string; action: string; input: Record<string, unknown> }[];
}

const step = (action: string, input: Record<string, unknown>) => ({ connector: 'custify', action, input });

/** The four popular automations the Custify product page lists (docs/custify.md, "Templates"). */
export const CUSTIFY_TEMPLATES: ConnectorTemplate[] = [
  {
    key: 'custify-person-updated-tag',
    name: 'Tag people when they change',
    description: 'When a person is updated, fetch their full record and add or remove a tag based on it.',
    trigger: { connector: 'custify', event: 'person_updated' },
    actions: [
      step('get_person', { id: '{{trigger.id}}' }),
      step('add_remove_person_tag', { person_ids: ['{{steps.a1.id}}'], tag: 'recently-updated', type: 'add' }),
    ],
  },
  {
    key: 'custify-ticket-created-task-note',
    name: 'Follow up on new tickets',
    description: 'When a ticket is created, create a follow-up task and log a note on the same customer.',
    trigger: { connector: 'custify', event: 'ticket_created' },
    actions: [
      step('create_task', { name: 'Follow up: {{trigger.subject}}', entity: '{{trigger.entity}}', entityModel: '{{trigger.entityModel}}', status: 'open' }),
      step('create_note', {
        entity: '{{trigger.entity}}',
        entityModel: '{{trigger.entityModel}}',
        subject: 'New ticket {{trigger.externalId}}: {{trigger.subject}}',
        text: '{{trigger.body}}',
      }),
    ],
  },
  {
    key: 'custify-person-created-company',
    name: 'Attach new people to their company',
    description: 'When a person is created, upsert their company and upsert the person linked to it.',
    trigger: { connector: 'custify', event: 'person_created' },
    actions: [
      step('upsert_company', { company_id: 'account-{{trigger.id}}', name: '{{trigger.name}}' }),
      step('upsert_person', { id: '{{trigger.id}}', companies: [{ company_id: '{{steps.a1.company_id}}' }] }),
    ],
  },
  {
    key: 'custify-file-created-portal',
    name: 'Publish new files to the portal',
    description: 'When a file is uploaded, show it in the customer portal.',
    trigger: { connector: 'custify', event: 'file_created' },
    actions: [step('set_file_portal', { id: '{{trigger.id}}', showInPortal: true })],
  },
];

/**
 * A template as a konnector definition draft (packages/schemas KonnectorDefinition): the trigger
 * and each action on the given connection; actions get ids a1, a2, … and stop the run on error.
 */
export function templateDefinition(template: ConnectorTemplate, connectionId: string) {
  return {
    trigger: { id: 'trigger' as const, connector: template.trigger.connector, event: template.trigger.event, connectionId, input: {} },
    steps: template.actions.map((a, i) => ({
      type: 'action' as const,
      id: `a${i + 1}`,
      connector: a.connector,
      action: a.action,
      connectionId,
      input: a.input,
      onError: 'stop' as const,
    })),
  };
}
