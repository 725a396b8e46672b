// IPv4 and IPv6 addresses against CIDR blocks, as a NetworkPolicy's ipBlock compares them.
import { isIPv4, isIPv6 } from "node:net";

function ipv6Groups(address: string): number[] {
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const parse = (part: string) => (part ? part.split(":").map((group) => Number.parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = tail === undefined ? [] : new Array(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

/** The address as a number and its width in bits; throws on anything that is not an IP address. */
function toBits(address: string): { value: bigint; width: number } {
  if (isIPv4(address)) {
    return { value: address.split(".").reduce((sum, octet) => (sum << 8n) | BigInt(octet), 0n), width: 32 };
  }
  if (isIPv6(address) && !address.includes(".")) {
    return { value: ipv6Groups(address).reduce((sum, group) => (sum << 16n) | BigInt(group), 0n), width: 128 };
  }
  throw new Error(`not an IP address: ${address}`);
}

/** Whether `address` lies in `cidr` (`10.0.0.0/8`, `2001:db8::/32`); a different family never does. */
export function inCidr(address: string, cidr: string): boolean {
  const [network, prefixText] = cidr.split("/");
  const block = toBits(network);
  const ip = toBits(address);
  const prefix = Number(prefixText ?? block.width);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > block.width) throw new Error(`bad CIDR: ${cidr}`);
  if (ip.width !== block.width) return false;
  const shift = BigInt(block.width - prefix);
  return ip.value >> shift === block.value >> shift;
}
