package dev.safefs.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link DenyList}: its fast paths (literal rules compared as strings, glob rules tried only on windows holding their
 * required literal run) decide exactly as the glob matcher on every window would.
 */
class DenyListTest {

  private static final List<String> EXTRA = List.of("secret[0-9].txt", "{a,b}.key", "dir/*.pem", "x*y?z",
      "conf/{dev,prod}/*.yaml", "[!a]b.tok", "*.tar.*");

  /** The plain decision: every rule's glob against every run of consecutive components. */
  private static Optional<String> reference(List<String> rules, String relative) {
    String[] parts = relative.toLowerCase(Locale.ROOT).split("/");
    for (String r : rules) {
      String glob = r.toLowerCase(Locale.ROOT);
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      int k = glob.split("/").length;
      for (int start = 0; start + k <= parts.length; start++) {
        String last = parts[start + k - 1];
        if (start + k == parts.length && List.of(".env.example", ".env.sample", ".env.template", "id_rsa.pub",
            "id_dsa.pub", "id_ecdsa.pub", "id_ed25519.pub").contains(last)) {
          continue;
        }
        if (m.matches(Path.of(String.join("/", List.of(parts).subList(start, start + k))))) {
          return Optional.of(r);
        }
      }
    }
    return Optional.empty();
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> component = Arbitraries.oneOf(
        Arbitraries.of(".ssh", ".env", ".env.local", ".env.example", "id_rsa", "id_rsa.pub", "id_rsa.old", "a.pem",
            "server.KEY", "secret7.txt", "secretx.txt", "a.key", "c.key", "dir", "conf", "prod", "dev", "x.yaml",
            "xaybz", "a.tar.gz", "tar", "lit", "bb.tok", "ab.tok", ".config", "gh", "notes.txt", "src", "main.java"),
        Arbitraries.strings().withChars("abxyz.*-_").ofMinLength(1).ofMaxLength(6));
    return component.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("/", l));
  }

  @Property(tries = 3000)
  void decidesAsTheGlobMatcherOnEveryWindow(@ForAll("paths") String relative) {
    List<String> rules = new ArrayList<>(DenyList.DEFAULT_RULES);
    rules.addAll(EXTRA);
    assertThat(DenyList.defaults().plus(EXTRA).match(relative)).isEqualTo(reference(rules, relative));
  }

  @Test
  void theRequiredRunIsLiteralTextOutsideGroups() {
    assertThat(DenyList.requiredRun("*.pem")).isEqualTo(".pem");
    assertThat(DenyList.requiredRun(".env.*")).isEqualTo(".env.");
    assertThat(DenyList.requiredRun("conf/{dev,prod}/*.yaml")).isEqualTo("conf/"); // the first of the longest
    assertThat(DenyList.requiredRun("secret[0-9].txt")).isEqualTo("secret");
    assertThat(DenyList.requiredRun("\\*lit")).isEqualTo("*lit");
    assertThat(DenyList.requiredRun("[!a]b.tok")).isEqualTo("b.tok");
    assertThat(DenyList.requiredRun("*")).isEmpty();
  }

  @Test
  void aDeniedDirectoryDeniesWhatIsBelowItAndTemplatesStayReadable() {
    DenyList d = DenyList.defaults();
    assertThat(d.match("home/.ssh/config")).contains(".ssh");
    assertThat(d.match("app/.env.local")).contains(".env.*");
    assertThat(d.match("app/.env.example")).isEmpty();
    assertThat(d.match(".ssh/id_rsa.pub")).contains(".ssh");
    assertThat(d.match("certs/Server.PEM")).contains("*.pem");
    assertThat(d.match("src/main.java")).isEmpty();
  }
}
