/**
 * The sync configuration (config/sync.json): which publications `improve sync` downloads, from
 * where, in which format, and how often. Validated with zod when read; a mistake is a UsageError
 * naming the file and the field.
 *
 *   { "publications": [ {
 *       "name": "ae-monthly",                      // stable id: sync state and download folder
 *       "landingPage": "https://…/ae-attendances-and-emergency-admissions-2025-26/",
 *       "linkPattern": "Monthly-AE-[A-Za-z]+-\\d{4}.*\\.csv",   // first matching link is the latest
 *       "format": "ae-monthly",                    // an `improve formats` id
 *       "schedule": "monthly"                      // daily | weekly | monthly | every <n>h | every <n>m
 *   } ],
 *     "maxBytes": 200000000, "retries": 4, "backoffMs": 1000 }
 *
 * A publication gives either `url` (a fixed file) or `landingPage` + `linkPattern` (a page to
 * scan for the newest file's link, since NHS England publishes each month under a new name).
 *
 * A ZIP publication (the URL ends in .zip, the server says application/zip, or `entry` is set) is
 * unpacked and each CSV inside imported in the configured format; `entry`, a glob (`*` within a
 * folder, `**` across folders, `?` one character; case-insensitive; matched against the base name
 * unless it contains a `/`), chooses which. `unzip` caps what one archive may hold (zip.ts).
 */
import fs from "node:fs/promises";
import { z } from "zod";
import { UsageError } from "../../errors.js";

const schedule = z
  .string()
  .regex(
    /^(hourly|daily|weekly|monthly|every \d+ ?[mhd])$/,
    "schedule must be hourly, daily, weekly, monthly or 'every <n>h' / 'every <n>m' / 'every <n>d'",
  );

const publication = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "name: lower-case letters, digits and hyphens"),
    url: z.string().url().optional(),
    landingPage: z.string().url().optional(),
    linkPattern: z.string().optional(),
    format: z.string().min(1),
    /** For ZIP publications: a glob choosing the CSV entries to import (all CSV entries if absent). */
    entry: z.string().min(1).optional(),
    schedule: schedule.default("daily"),
    enabled: z.boolean().default(true),
  })
  .refine((p) => Boolean(p.url) !== Boolean(p.landingPage), {
    message: "give either url or landingPage (not both)",
  })
  .refine((p) => !p.landingPage || Boolean(p.linkPattern), {
    message: "landingPage needs a linkPattern",
  });

export const syncConfigSchema = z.object({
  publications: z.array(publication),
  /** Largest download accepted, in bytes. */
  maxBytes: z.number().int().positive().default(200_000_000),
  /** Attempts after the first, on network errors, 429 and 5xx responses. */
  retries: z.number().int().min(0).max(10).default(4),
  /** First retry delay; doubled each attempt. */
  backoffMs: z.number().int().min(0).default(1000),
  /** Limits for ZIP publications (zip.ts defaults: 1000 entries, 1 GiB per CSV, 2 GiB in all). */
  unzip: z
    .object({
      maxEntries: z.number().int().positive().optional(),
      maxEntryBytes: z.number().int().positive().optional(),
      maxTotalBytes: z.number().int().positive().optional(),
    })
    .strict()
    .default({}),
});

export type SyncConfig = z.infer<typeof syncConfigSchema>;
export type PublicationConfig = SyncConfig["publications"][number];

export function parseSyncConfig(json: unknown, where: string): SyncConfig {
  const parsed = syncConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `${where}: ${issue?.path.join(".") || "configuration"}: ${issue?.message ?? "invalid"}`,
    );
  }
  return parsed.data;
}

export async function loadSyncConfig(file: string): Promise<SyncConfig> {
  const text = await fs.readFile(file, "utf8").catch(() => {
    throw new UsageError(`No sync configuration at ${file}`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  return parseSyncConfig(json, file);
}
