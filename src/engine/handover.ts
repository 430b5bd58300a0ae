// What crosses the kexec: the serialized LUO image (KHO subtree "LUO"), and nothing else
// (notes §7). The previous kernel writes it in liveupdate_reboot(); the next reads it in
// luo_early_startup().
import type { TokenOut } from './events';
import type { HandoverFormat, Profile } from './profiles';

export interface HandoverFile {
  /** handler compatible (luo_file_ser.compatible) */
  compatible: string;
  /** serialized_data handle (luo_file_ser.data), a fake physical address */
  data: string;
  token: TokenOut;
  /** the preserved pages' content, for memfd-like files (clipped in events: content.ts) */
  payload?: string;
  /** the entry's folios were kho-unpreserved before the kexec (memfd unpreserved in another session) */
  pagesLost?: boolean;
  /** in an event whose payload was clipped: the whole length */
  payloadLength?: number;
  kind: string;
}

export interface HandoverSession {
  name: string;
  files: HandoverFile[];
}

export interface HandoverFlb {
  /** luo_flb_ser.name: the FLB compatible */
  name: string;
  data: string;
  count: number;
}

export interface HandoverImage {
  format: HandoverFormat;
  /** root compatible: "luo-v1" (FDT) or "luo-v5" (raw luo_ser) */
  compatible: string;
  /** liveupdate-number: incoming number + 1 */
  liveupdateNum: number;
  sessions: HandoverSession[];
  /** the FLB area; null when the writing kernel had no luo_flb.c (6.19) */
  flbs: HandoverFlb[] | null;
}

export function rootCompatible(format: HandoverFormat): string {
  return format === 'luo-v5' ? 'luo-v5' : 'luo-v1';
}

/**
 * luo_early_startup(): can this kernel read that image? null when it can; otherwise the
 * reason, which in the kernel is luo_restore_fail() = panic().
 */
export function incompatibility(image: HandoverImage, profile: Profile): string | null {
  if (profile.format === 'luo-v5') {
    if (image.format !== 'luo-v5')
      return `luo_ser.compatible is "${image.compatible}" (an FDT image), this kernel expects "luo-v5": -EINVAL`;
    return null;
  }
  if (image.format === 'luo-v5')
    return `root compatible is not "luo-v1" (the previous kernel wrote a raw luo-v5 image): -EINVAL`;
  if (profile.format === 'fdt-v1+flb' && image.format === 'fdt-v1')
    return 'the FDT has no "luo-flb" node (written by a 6.19 kernel without FLBs): luo_flb_setup_incoming() gives -ENOENT';
  return null;
}
