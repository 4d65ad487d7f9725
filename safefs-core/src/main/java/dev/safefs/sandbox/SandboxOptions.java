package dev.safefs.sandbox;

/**
 * How a {@link Sandbox} guards its roots.
 *
 * @param readOnly every mutating access is refused
 * @param deny credential paths refused even inside a root
 * @param refuseHardLinkedReads refuse reading a regular file that has other names (st_nlink &gt; 1), which may be
 *     outside every root. Off by default: the kernel treats a hard link inside a root as inside, and package
 *     managers (pnpm, Nix) fill trees with them. Writes never need this: safefs replaces a file by rename, so a write
 *     gives the name a new inode and the file's other names keep their old content.
 */
public record SandboxOptions(boolean readOnly, DenyList deny, boolean refuseHardLinkedReads) {

  public SandboxOptions {
    if (deny == null) {
      throw new IllegalArgumentException("deny list must not be null (use DenyList.none())");
    }
  }

  public static SandboxOptions defaults() {
    return new SandboxOptions(false, DenyList.defaults(), false);
  }

  public SandboxOptions withReadOnly(boolean r) {
    return new SandboxOptions(r, deny, refuseHardLinkedReads);
  }

  public SandboxOptions withDeny(DenyList d) {
    return new SandboxOptions(readOnly, d, refuseHardLinkedReads);
  }

  public SandboxOptions withRefuseHardLinkedReads(boolean r) {
    return new SandboxOptions(readOnly, deny, r);
  }
}
