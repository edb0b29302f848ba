import { personCreated } from './person-created';
import { personUpdated } from './person-updated';
import { noteCreated } from './note-created';
import { noteUpdated } from './note-updated';
import { taskCreated } from './task-created';
import { taskUpdated } from './task-updated';
import { ticketCreated } from './ticket-created';
import { ticketUpdated } from './ticket-updated';
import { fileCreated } from './file-created';
import { surveyCreated } from './survey-created';
import { timeTrackCreated } from './time-track-created';
import { timeTrackUpdated } from './time-track-updated';
import { meetingCreated } from './meeting-created';
import { meetingUpdated } from './meeting-updated';
import { healthScoreCreated } from './health-score-created';
import { healthScoreUpdated } from './health-score-updated';
import { segmentCreated } from './segment-created';
import { segmentUpdated } from './segment-updated';
import { lifecycleCreated } from './lifecycle-created';
import { lifecycleUpdated } from './lifecycle-updated';
import { playbookCreated } from './playbook-created';
import { playbookUpdated } from './playbook-updated';
import { customerObjectiveCreated } from './customer-objective-created';
import { customerObjectiveUpdated } from './customer-objective-updated';

/** All 24 Custify triggers (polling). */
export const triggers = [
  personCreated,
  personUpdated,
  noteCreated,
  noteUpdated,
  taskCreated,
  taskUpdated,
  ticketCreated,
  ticketUpdated,
  fileCreated,
  surveyCreated,
  timeTrackCreated,
  timeTrackUpdated,
  meetingCreated,
  meetingUpdated,
  healthScoreCreated,
  healthScoreUpdated,
  segmentCreated,
  segmentUpdated,
  lifecycleCreated,
  lifecycleUpdated,
  playbookCreated,
  playbookUpdated,
  customerObjectiveCreated,
  customerObjectiveUpdated,
];
