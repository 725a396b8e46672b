// A --key given to sign or verify-signature: a file is read first, so a typo in its path is one
// clear line instead of cosign's wrapped error. KMS and other URIs (awskms://, k8s://…) go to cosign.
import { readFileSync } from "node:fs";

const whereFrom = {
  private: "pass the cosign.key that `cosign generate-key-pair` wrote",
  public: "pass the cosign.pub the chart's publisher gave out",
};

export function readableKey(key: string, kind: keyof typeof whereFrom): void {
  if (key.includes("://")) return;
  try {
    readFileSync(key);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`key unreadable: cannot read ${key} (${reason}); ${whereFrom[kind]}`);
  }
}
