/** A ready-made automation: the platform turns it into a konnector draft. */
export interface ConnectorTemplate {
  key: string;
  name: string;
  description: string;
  trigger: { connector: string; event: string };
  actions: { connector: string; action: string }[];
}

const step = (action: string) => ({ connector: 'custify', action });

/** The four popular Custify automations (CUSTIFY_API.md). */
export const CUSTIFY_TEMPLATES: ConnectorTemplate[] = [
  {
    key: 'custify-person-updated-tag',
    name: 'Tag people when they change',
    description: 'When a person is updated, fetch their full record and add or remove a tag based on it.',
    trigger: { connector: 'custify', event: 'person_updated' },
    actions: [step('get_person'), step('add_remove_person_tag')],
  },
  {
    key: 'custify-ticket-created-task-note',
    name: 'Follow up on new tickets',
    description: 'When a ticket is created, create a follow-up task and log a note on the same customer.',
    trigger: { connector: 'custify', event: 'ticket_created' },
    actions: [step('create_task'), step('create_note')],
  },
  {
    key: 'custify-person-created-company',
    name: 'Attach new people to their company',
    description: 'When a person is created, upsert their company and upsert the person linked to it.',
    trigger: { connector: 'custify', event: 'person_created' },
    actions: [step('upsert_company'), step('upsert_person')],
  },
  {
    key: 'custify-file-created-portal',
    name: 'Publish new files to the portal',
    description: 'When a file is uploaded, show it in the customer portal.',
    trigger: { connector: 'custify', event: 'file_created' },
    actions: [step('set_file_portal')],
  },
];
