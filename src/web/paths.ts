/** Where the web layer's files are, from source (tests) or from dist (production) alike. */
import path from "node:path";

import { projectRoot } from "../config.js";

export { projectRoot };
/** Templates shared by every page (the layout, the error page, partials). */
export const viewsDir = path.join(projectRoot, "src", "web", "views");
/** One folder per page: its route, view model and template (`<page>/<page>.njk`). */
export const pagesDir = path.join(projectRoot, "src", "web", "pages");
export const stylesDir = path.join(projectRoot, "src", "web", "styles");
export const clientScriptsDir = path.join(projectRoot, "src", "web", "client");
export const nhsukDistDir = path.join(projectRoot, "node_modules", "nhsuk-frontend", "dist");
export const compiledCssFile = path.join(projectRoot, "dist", "public", "app.css");
