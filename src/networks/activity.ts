/**
 * A network's activity feed (issue 17 item 1): one plain sentence per thing that happened, with a
 * link to it, shown newest first on the workspace. Other domains (learning, proposals) record
 * into it through `ActivityRecorder` and never read it, so the feed's rules of who sees what stay
 * here: "network" items only to the network's members and leads (and national administrators),
 * "public" items to anyone.
 */

export interface NetworkActivityInput {
  networkId: string;
  /** e.g. "member.joined", "event.created", "learning.posted", "proposal.submitted" */
  kind: string;
  /** One plain sentence, e.g. "Dr A Smith posted learning: Discharge lounge at RDE". */
  summary: string;
  /** Link to the thing, site-relative, e.g. "/learning/12". */
  href: string;
  actorUserId: number | null;
  /** "network": members and leads of the network only; "public": anyone. */
  visibility: "network" | "public";
}

export interface ActivityRecorder {
  record(input: NetworkActivityInput): Promise<void>;
}

/** One item of the feed as read back. */
export interface ActivityItem extends NetworkActivityInput {
  activityId: number;
  at: Date;
}

/** The feed's persistence (src/storage/network-workspace-store.ts). */
export interface ActivityStore {
  insertActivity(item: NetworkActivityInput & { at: Date }): Promise<void>;
  /**
   * A page of a network's feed, newest first; "network" items only when `includeNetwork`
   * (filtered in SQL, so a private item never leaves the database for a reader who may not see it).
   */
  activityPage(
    networkId: string,
    options: { includeNetwork: boolean; offset: number; limit: number },
  ): Promise<{ items: ActivityItem[]; total: number }>;
}

const KIND = /^[a-z_]+(\.[a-z_]+)+$/;

/**
 * The recorder over its store. Checks what callers give (a kind like "event.created", a
 * site-relative link, a sentence of at most 500 characters, cut with an ellipsis) so that a
 * caller's mistake is an error at its own call, not a broken feed.
 */
export function createActivityRecorder(deps: {
  store: Pick<ActivityStore, "insertActivity">;
  now: () => Date;
}): ActivityRecorder {
  return {
    async record(input) {
      if (!KIND.test(input.kind)) throw new Error(`activity kind "${input.kind}" is malformed`);
      if (!input.href.startsWith("/") || input.href.startsWith("//"))
        throw new Error(`activity link "${input.href}" is not site-relative`);
      const summary = input.summary.replace(/\s+/g, " ").trim();
      if (summary === "") throw new Error("activity summary is empty");
      await deps.store.insertActivity({
        ...input,
        summary: summary.length > 500 ? `${summary.slice(0, 499)}…` : summary,
        at: deps.now(),
      });
    },
  };
}
