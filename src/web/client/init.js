// Starts the NHS.UK frontend components (header menu, tabs, details) once the page has loaded.
import { initAll } from "/static/nhsuk/nhsuk-frontend.min.js";

initAll();
