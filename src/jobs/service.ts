/**
 * The jobs as operators see them (/admin/jobs): queues and recent jobs, for national
 * administrators only (the policy's `jobs.view`).
 */
import type { Actor } from "../accounts/actor.js";
import { authorize } from "../accounts/policy.js";
import type { JobRecord, JobRecords, QueueCounts } from "./queue.js";

export interface JobsOverview {
  queues: QueueCounts[];
  recent: JobRecord[];
}

export interface JobsService {
  overview(actor: Actor, limit?: number): Promise<JobsOverview>;
}

export function createJobsService(records: JobRecords): JobsService {
  return {
    async overview(actor, limit = 50) {
      authorize(actor, "jobs.view");
      const [queues, recent] = await Promise.all([
        records.queues(),
        records.recent(Math.min(Math.max(1, limit), 200)),
      ]);
      return { queues, recent };
    },
  };
}
