package dev.safefs.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** "644", "0640", "0o600" as a mode. */
final class OctalMode implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    String v = value.startsWith("0o") ? value.substring(2) : value;
    if (!v.matches("[0-7]{1,4}")) {
      throw new TypeConversionException("'" + value + "' is not an octal mode (like 644 or 0600)");
    }
    return Integer.parseInt(v, 8);
  }
}
