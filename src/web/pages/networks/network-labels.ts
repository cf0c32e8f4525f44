/** How a network's focus and footprint read on its pages. */
export const focusLabel: Record<string, string> = {
  uec: "Urgent and emergency care",
  elective: "Elective care",
  both: "Urgent and emergency care, and elective care",
};
export const footprintLabel: Record<string, string> = {
  region: "Region-wide",
  west_midlands: "West Midlands",
  east_midlands: "East Midlands",
};
