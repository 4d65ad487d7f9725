package dev.safefs.edit;

import dev.safefs.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Bytes to editable text and back. A UTF-8 byte order mark is split off and put back; nothing else is changed, so
 * decoding then encoding gives the same bytes. Text that is not valid UTF-8 is refused rather than damaged.
 */
record TextCodec(boolean bom, String text) {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  static TextCodec decode(byte[] bytes, String op, Path path) throws InvalidInputException {
    boolean bom = hasBom(bytes);
    int off = bom ? 3 : 0;
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, off, bytes.length - off))
          .toString();
      return new TextCodec(bom, text);
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(op, path, "not UTF-8 text: only UTF-8 files can be edited");
    }
  }

  static boolean hasBom(byte[] bytes) {
    return bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
  }

  static byte[] encode(boolean bom, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    if (!bom) {
      return body;
    }
    byte[] out = new byte[body.length + 3];
    System.arraycopy(BOM, 0, out, 0, 3);
    System.arraycopy(body, 0, out, 3, body.length);
    return out;
  }

  /** {@code s} with every line break written as {@code eol}. */
  static String withEol(String s, String eol) {
    String lf = s.replace("\r\n", "\n");
    return eol.equals("\n") ? lf : lf.replace("\n", eol);
  }
}
