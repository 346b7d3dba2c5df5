// A request's tags, kept on the ground floor: classifiers, budgets and reports read them without importing the router.

/** Tags that scope budgets, caches and reports. */
export interface RequestMetadata {
  /** Tenant (customer, workspace) the call is made for. */
  tenant?: string;
  /** End user the call is made for. */
  user?: string;
  /** Product feature making the call, e.g. `support-chat`. */
  feature?: string;
}
