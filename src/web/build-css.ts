/**
 * `npm run build` step: the stylesheet compiled into dist/public/app.css, only when it is missing
 * or older than its Sass sources (loadStylesheet's rule), so a build with no style change is quick.
 */
import { loadStylesheet } from "./styles.js";

await loadStylesheet();
