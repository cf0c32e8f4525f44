/**
 * Who runs a command: the operator (src/accounts/actor.ts), named after the system user so the
 * audit log and the database's application_name say who it was.
 */
import os from "node:os";
import type { OperatorActor } from "../accounts/actor.js";

export function operatorName(): string {
  try {
    return os.userInfo().username;
  } catch {
    // No user name (a container without /etc/passwd): still audited, as "unknown user".
    return "unknown user";
  }
}

export function operator(): OperatorActor {
  return { kind: "operator", label: operatorName() };
}
