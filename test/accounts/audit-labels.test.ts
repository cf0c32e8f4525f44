import { describe, expect, it } from "vitest";
import { auditActionLabel, auditDetailsText } from "../../src/accounts/audit-labels.js";

describe("audit labels", () => {
  it("say an action in plain words, and show an unknown one as its code", () => {
    expect(auditActionLabel("sign_in.failure")).toBe("Sign-in refused");
    expect(auditActionLabel("data.imported")).toBe("Data imported");
    expect(auditActionLabel("something.new")).toBe("something.new");
  });
  it("write details as name: value pairs in the stored order", () => {
    expect(auditDetailsText({ role: "national_admin", scope: "" })).toBe(
      "role: national_admin; scope: (none)",
    );
    expect(auditDetailsText({ inserted: 12, list: ["RXX", "RYY"] })).toBe(
      'inserted: 12; list: ["RXX","RYY"]',
    );
    expect(auditDetailsText({})).toBe("");
  });
});
