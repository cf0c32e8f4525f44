/** The analytics engine (work in progress: the service's types are stable; methods are being filled in). */
import type { AnalyticsServiceOptions } from "../service.js";
import type {
  AnalyticsStore,
  CompareResult,
  FunnelResult,
  GroupRef,
  MetricDetail,
  MetricNational,
  OpportunitiesResult,
  OpportunityBenchmark,
  OrganisationDashboard,
  PrecomputeReport,
  RecommendedPeersResult,
} from "./types.js";

const todo = (): never => {
  throw new Error("not implemented yet");
};

export class AnalyticsEngine {
  constructor(
    private readonly store: AnalyticsStore,
    private readonly options: AnalyticsServiceOptions,
  ) {}
  currentVersion(): Promise<string> {
    return this.store.dataVersion();
  }
  async compare(_o: string, _m: string, _p?: string, _g?: GroupRef): Promise<CompareResult> {
    return todo();
  }
  async funnel(_m: string, _p?: string, _g?: GroupRef, _o?: { overdispersion?: boolean }): Promise<FunnelResult> {
    return todo();
  }
  async opportunities(_o: string, _g?: GroupRef, _b?: OpportunityBenchmark): Promise<OpportunitiesResult> {
    return todo();
  }
  async recommendedPeers(_o: string, _k?: number): Promise<RecommendedPeersResult> {
    return todo();
  }
  async organisationDashboard(_o: string, _g?: GroupRef): Promise<OrganisationDashboard> {
    return todo();
  }
  async metricDetail(_o: string, _m: string, _g?: GroupRef): Promise<MetricDetail> {
    return todo();
  }
  async metricNational(_m: string): Promise<MetricNational> {
    return todo();
  }
  async precomputeAll(): Promise<PrecomputeReport> {
    void this.options;
    return todo();
  }
}
