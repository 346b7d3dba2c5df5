export { buildSpendReport, type SpendReportOptions } from './build-spend-report.js';
export {
  DAYS_PER_MONTH,
  type Forecast,
  type ForecastLine,
  type LedgerForecastOptions,
  ledgerForecast,
  type ModelRef,
  type PlanInputs,
  planForecast,
} from './forecast.js';
export { formatSpendReport } from './format-spend-report.js';
export { type LedgerRowFilter, type LedgerSource, readLedgerRows } from './read-ledger-rows.js';
export { renderSpendReportHtml } from './render-spend-report-html.js';
export type { SpendBreakdownLine, SpendReport, SpendReportArm } from './spend-report.js';
