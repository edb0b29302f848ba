/** Templates that join two apps, and the list of every template the product offers. */
import { CUSTIFY_TEMPLATES, type ConnectorTemplate } from '@konnect/connector-custify';

/** Health score under which a person counts as dropped (a custom attribute Custify syncs). */
export const HEALTH_DROP_BELOW = 50;

/** The "Custify → Slack" pack (docs/slack.md, "Templates"). */
export const CROSS_APP_TEMPLATES: ConnectorTemplate[] = [
  {
    key: 'custify-ticket-created-slack-channel',
    name: 'Ticket created → message to #cs',
    description: 'When a Custify ticket is created, post its id, subject, status and text to the #cs channel in Slack.',
    trigger: { connector: 'custify', event: 'ticket_created' },
    actions: [
      {
        connector: 'slack',
        action: 'send_channel_message',
        input: {
          channel: '#cs',
          text: ':ticket: New ticket *{{trigger.externalId}}*: {{trigger.subject}}\nStatus: {{trigger.status}} · opened {{trigger.created_at}}\n>{{trigger.body}}',
          unfurl_links: false,
        },
      },
    ],
  },
  {
    key: 'custify-person-health-drop-slack-dm',
    name: 'Person updated with a health drop → DM the owner',
    description: `When a Custify person is updated and their health score is under ${HEALTH_DROP_BELOW}, look up their company and send its CSM owner a direct message in Slack.`,
    trigger: { connector: 'custify', event: 'person_updated' },
    filter: {
      name: `Health score under ${HEALTH_DROP_BELOW}`,
      conditions: { all: [{ left: '{{trigger.custom_attributes.health_score}}', op: 'lt', right: String(HEALTH_DROP_BELOW) }] },
    },
    actions: [
      { connector: 'custify', action: 'get_company', input: { id: '{{trigger.companies[0]}}' } },
      {
        connector: 'slack',
        action: 'send_direct_message',
        input: {
          email: '{{steps.a1.owners_csm}}',
          text: ':warning: Health dropped: *{{trigger.name}}* ({{trigger.email}}) at {{steps.a1.name}} is at {{trigger.custom_attributes.health_score}}.',
        },
      },
    ],
  },
];

/** Every template, Custify's own first. */
export const TEMPLATES: ConnectorTemplate[] = [...CUSTIFY_TEMPLATES, ...CROSS_APP_TEMPLATES];
