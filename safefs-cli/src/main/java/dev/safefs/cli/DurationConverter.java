package dev.safefs.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration written as a whole number and a unit: {@code 500ms}, {@code 5s}, {@code 10m}, {@code 12h}, {@code 30d}, {@code 2w}. */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern FORM = Pattern.compile("(\\d{1,18})(ms|s|m|h|d|w)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    Matcher m = FORM.matcher(value == null ? "" : value);
    if (!m.matches()) {
      throw new TypeConversionException("invalid duration '" + value
          + "': expected a whole number and a unit ms, s, m, h, d or w (e.g. 30d, 12h, 5s, 500ms)");
    }
    long n = Long.parseLong(m.group(1));
    try {
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(Math.multiplyExact(n, 7));
      };
    } catch (ArithmeticException e) {
      throw new TypeConversionException("invalid duration '" + value + "': too large");
    }
  }
}
