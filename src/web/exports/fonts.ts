/**
 * The typeface of every exported file. NHS.UK's is Frutiger, whose files are licensed and do not
 * ship with nhsuk-frontend; its fallback on the site is Arial. Arimo (SIL Open Font License, from
 * the npm package @expo-google-fonts/arimo) is metrically identical to Arial, so a PDF or PNG
 * lays text out as the site's fallback does, on any server, with no font fetched from the
 * internet and none needed from the operating system.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The regular and bold TrueType files. */
export const FONT_FILES = {
  regular: require.resolve("@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf"),
  bold: require.resolve("@expo-google-fonts/arimo/700Bold/Arimo_700Bold.ttf"),
} as const;

/** The family name inside those files. */
export const FONT_FAMILY = "Arimo";
