/**
 * What every route gets: the domain services (never the database), the clock and the cache of
 * results per data version. Built in one place, ./compose.ts.
 */
import type { CoverageService } from "../metrics/data-coverage/service.js";
import type { GroupDashboardService } from "../metrics/dashboards/service.js";
import type { DirectoryService } from "../metrics/directory/service.js";
import type { OverviewService } from "../metrics/overview.js";
import type { AnalyticsService } from "../metrics/service.js";

export interface Services {
  analytics: AnalyticsService;
  directory: DirectoryService;
  coverage: CoverageService;
  overview: OverviewService;
  groups: GroupDashboardService;
}

/** Results kept per data version (./cache.ts); `get` computes a missing key once. */
export interface PageCache {
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
  invalidate(): void;
}

export interface AppContext extends Services {
  now: () => Date;
  cache: PageCache;
}
