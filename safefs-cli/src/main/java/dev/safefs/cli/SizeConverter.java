package dev.safefs.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A size in bytes: a whole number with an optional binary unit, {@code 4096}, {@code 10k}, {@code 500M}, {@code 1G}, {@code 2T}. */
final class SizeConverter implements ITypeConverter<Long> {
  private static final Pattern FORM = Pattern.compile("(\\d{1,19})([kKmMgGtT]?)");

  @Override
  public Long convert(String value) {
    return parse(value);
  }

  static long parse(String value) {
    Matcher m = FORM.matcher(value == null ? "" : value);
    if (!m.matches()) {
      throw new TypeConversionException("invalid size '" + value
          + "': expected a whole number of bytes with an optional unit k, M, G or T (e.g. 10k, 500M, 1G)");
    }
    int shift = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    try {
      long n = Long.parseLong(m.group(1));
      if (n > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("invalid size '" + value + "': too large");
    }
  }
}
