// Starts the NHS.UK frontend components (header menu, tabs, details) and our own enhancements
// (charts) once the page has loaded. Module scripts run after the document is parsed.
import { initAll } from "/static/nhsuk/nhsuk-frontend.min.js";
import { enhanceCharts } from "./chart.js";

initAll();
enhanceCharts();
