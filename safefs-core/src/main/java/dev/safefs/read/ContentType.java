package dev.safefs.read;

/**
 * What the first bytes of a file say it is: text in some encoding, or binary of some kind ("PNG image", "ELF
 * executable", or "binary data" when no magic number is known).
 */
public record ContentType(boolean binary, TextEncoding encoding, String kind) {

  static ContentType text(TextEncoding encoding) {
    return new ContentType(false, encoding, "text");
  }

  static ContentType binary(String kind) {
    return new ContentType(true, null, kind);
  }
}
