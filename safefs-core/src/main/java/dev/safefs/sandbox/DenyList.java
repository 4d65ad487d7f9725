package dev.safefs.sandbox;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Credential paths refused even inside an allowed root. A rule is a glob matched against the canonical path relative
 * to its root, at any depth: {@code .ssh} refuses a directory named {@code .ssh} anywhere and everything below it;
 * {@code .env.*} refuses {@code app/.env.local}. Built from the paths agent sandboxes commonly protect (Hermes
 * Agent's write deny list among them): SSH, cloud and package-registry credentials, GPG keys, {@code .env} files.
 *
 * <p>The rules apply to the path after symlinks are resolved, so a link named {@code notes} that points at
 * {@code .ssh/id_rsa} is refused as well. Matching is case-insensitive, since the same name on a case-insensitive
 * filesystem opens the same file.
 */
public final class DenyList {

  /** The default rules: credential directories and credential files. */
  public static final List<String> DEFAULT_RULES = List.of(
      ".ssh", ".aws", ".gnupg", ".kube", ".docker", ".azure", ".password-store", ".config/gh", ".config/gcloud",
      ".netrc", ".pgpass", ".npmrc", ".pypirc", ".git-credentials", ".env", ".env.*",
      "id_rsa", "id_rsa.*", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk", "authorized_keys",
      "*.pem", "*.p12", "*.pfx", "*.key");

  /** Names that look like credentials but are templates meant to be read and shared. */
  private static final List<String> ALLOWED_TEMPLATES = List.of(".env.example", ".env.sample", ".env.template",
      "id_rsa.pub", "id_dsa.pub", "id_ecdsa.pub", "id_ed25519.pub");

  private static final DenyList NONE = new DenyList(List.of());

  private final List<String> rules;
  private final List<Rule> compiled;

  /**
   * A compiled rule. {@code literal}: the whole rule when it has no glob syntax (compared as a string); else null, and
   * {@code required} is the longest run of literal characters outside any group, which every match contains: the
   * glob matcher runs only on a window that contains it.
   */
  private record Rule(String text, int components, PathMatcher matcher, String literal, String required) {

    boolean matches(String window) {
      if (literal != null) {
        return literal.equals(window);
      }
      return window.contains(required) && matcher.matches(Path.of(window));
    }
  }

  /** The longest run of characters a glob matches only literally (outside [...] and {...}, not * or ?). */
  static String requiredRun(String glob) {
    String best = "";
    StringBuilder run = new StringBuilder();
    int bracket = 0;
    int brace = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      boolean literal = false;
      if (c == '\\' && i + 1 < glob.length()) {
        c = glob.charAt(++i);
        literal = bracket == 0 && brace == 0;
      } else if (c == '[') {
        bracket++;
      } else if (c == ']' && bracket > 0) {
        bracket--;
      } else if (c == '{' && bracket == 0) {
        brace++;
      } else if (c == '}' && bracket == 0 && brace > 0) {
        brace--;
      } else {
        literal = bracket == 0 && brace == 0 && c != '*' && c != '?';
      }
      if (literal) {
        run.append(c);
      } else {
        if (run.length() > best.length()) {
          best = run.toString();
        }
        run.setLength(0);
      }
    }
    return run.length() > best.length() ? run.toString() : best;
  }

  private static boolean hasGlobSyntax(String rule) {
    for (int i = 0; i < rule.length(); i++) {
      if ("*?[]{}\\".indexOf(rule.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  private DenyList(List<String> rules) {
    this.rules = List.copyOf(rules);
    List<Rule> c = new ArrayList<>();
    for (String r : rules) {
      String norm = r.strip().replace('\\', '/');
      while (norm.endsWith("/")) {
        norm = norm.substring(0, norm.length() - 1);
      }
      if (norm.isEmpty()) {
        throw new IllegalArgumentException("empty deny rule");
      }
      String lower = norm.toLowerCase(Locale.ROOT);
      boolean glob = hasGlobSyntax(lower);
      c.add(new Rule(r, lower.split("/").length, FileSystems.getDefault().getPathMatcher("glob:" + lower),
          glob ? null : lower, glob ? requiredRun(lower) : null));
    }
    this.compiled = List.copyOf(c);
  }

  public static DenyList defaults() {
    return new DenyList(DEFAULT_RULES);
  }

  public static DenyList none() {
    return NONE;
  }

  public static DenyList of(List<String> rules) {
    return new DenyList(rules);
  }

  /** This list with more rules. */
  public DenyList plus(List<String> more) {
    List<String> all = new ArrayList<>(rules);
    all.addAll(more);
    return new DenyList(all);
  }

  public List<String> rules() {
    return rules;
  }

  /**
   * The rule that refuses {@code relative} (a path relative to its root, "/"-separated), if any. A rule matches any
   * run of consecutive components, so a denied directory denies everything below it.
   */
  public Optional<String> match(String relative) {
    if (compiled.isEmpty() || relative.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = relative.toLowerCase(Locale.ROOT).split("/");
    for (Rule rule : compiled) {
      for (int start = 0; start + rule.components <= parts.length; start++) {
        int end = start + rule.components;
        if (end == parts.length && ALLOWED_TEMPLATES.contains(parts[end - 1])) {
          continue; // a shareable template, unless a directory above it is denied (checked at other starts)
        }
        String window = rule.components == 1 ? parts[start]
            : String.join("/", Arrays.asList(parts).subList(start, end));
        if (rule.matches(window)) {
          return Optional.of(rule.text);
        }
      }
    }
    return Optional.empty();
  }
}
