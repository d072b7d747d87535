package dev.bootkeeper.httpboot;

import dev.bootkeeper.boot.BootFile;
import java.util.Locale;

/**
 * Content types for boot files. EDK2 HTTP Boot accepts an image when the type is {@code
 * application/efi} (or the name ends in {@code .efi}); every other client ignores the type, so
 * static files are plain octets and rendered configs are text.
 */
final class ContentTypes {

  static final String EFI = "application/efi";
  static final String OCTETS = "application/octet-stream";
  static final String TEXT = "text/plain; charset=utf-8";

  private ContentTypes() {}

  static String of(BootFile file) {
    if (file instanceof BootFile.Rendered) {
      return TEXT;
    }
    return file.name().toLowerCase(Locale.ROOT).endsWith(".efi") ? EFI : OCTETS;
  }
}
