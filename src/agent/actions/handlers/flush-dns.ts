import { runPlan } from '../os/run-plan.js';
import { taskHandler, unsupportedOs } from './task.js';

/** Empties the OS's DNS cache (a renamed server, a fixed DNS record, a stale VPN answer). */
export const flushDnsHandler = taskHandler(async (_action, { os, signal }) => {
  const plan = os.commands.flushDns;
  if (!plan) return unsupportedOs('Flushing the DNS cache', os.platform);
  return runPlan(plan, os.runner, { signal });
});
