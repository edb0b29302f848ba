import { commentRoutes } from './comments';
import { companyRoutes } from './companies';
import { fileRoutes } from './files';
import { financialRoutes } from './financials';
import { listOnlyRoutes } from './list-only';
import { noteRoutes } from './notes';
import { peopleRoutes } from './people';
import { Router } from './router';
import { scoreRoutes } from './scores';
import { tagRoutes } from './tags';
import { taskRoutes } from './tasks';
import { ticketRoutes } from './tickets';
import { timeTrackRoutes } from './time-tracks';

/** Every Custify API route the simulator answers. */
export function apiRouter(): Router {
  const router = new Router();
  for (const register of [
    peopleRoutes,
    companyRoutes,
    noteRoutes,
    tagRoutes,
    taskRoutes,
    ticketRoutes,
    commentRoutes,
    fileRoutes,
    financialRoutes,
    timeTrackRoutes,
    scoreRoutes,
    listOnlyRoutes,
  ]) {
    register(router);
  }
  return router;
}
