/**
 * `npm run build` step: the stylesheet compiled into dist/public/app.css and compressed beside it
 * (app.css.br, app.css.gz), each only when missing or older than its source (loadStylesheet's
 * rule), so a build with no style change is quick and no request compresses the stylesheet.
 */
import { loadStylesheet } from "./styles.js";

await loadStylesheet();
