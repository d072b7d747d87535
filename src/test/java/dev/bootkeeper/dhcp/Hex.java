package dev.bootkeeper.dhcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Readable byte fixtures: hex pairs separated by any white space, {@code #} comments to the end of
 * the line, {@code 00*192} repeats a byte, {@code "text"} inserts ISO-8859-1 text.
 */
final class Hex {

  private Hex() {}

  static byte[] fixture(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : text.split("\n")) {
      String l = line;
      int hash = l.indexOf('#');
      if (hash >= 0) {
        l = l.substring(0, hash);
      }
      int i = 0;
      while (i < l.length()) {
        char c = l.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '"') {
          int end = l.indexOf('"', i + 1);
          out.writeBytes(l.substring(i + 1, end).getBytes(StandardCharsets.ISO_8859_1));
          i = end + 1;
        } else {
          int end = i;
          while (end < l.length() && !Character.isWhitespace(l.charAt(end))) {
            end++;
          }
          String token = l.substring(i, end);
          int star = token.indexOf('*');
          int value = HexFormat.fromHexDigits(star < 0 ? token : token.substring(0, star));
          int count = star < 0 ? 1 : Integer.parseInt(token.substring(star + 1));
          for (int k = 0; k < count; k++) {
            out.write(value);
          }
          i = end;
        }
      }
    }
    return out.toByteArray();
  }
}
