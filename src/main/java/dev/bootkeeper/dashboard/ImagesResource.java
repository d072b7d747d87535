package dev.bootkeeper.dashboard;

import dev.bootkeeper.boot.BootService;
import dev.bootkeeper.boot.ImageCatalog;
import dev.bootkeeper.boot.ImageRoot;
import dev.bootkeeper.boot.IsoDetection;
import dev.bootkeeper.boot.SafeImageWrites;
import dev.bootkeeper.dashboard.auth.CsrfChecked;
import dev.bootkeeper.dashboard.auth.DashboardPage;
import dev.bootkeeper.inventory.AuditLog;
import dev.bootkeeper.inventory.ImageChanges;
import dev.bootkeeper.inventory.InventoryException;
import dev.bootkeeper.inventory.IsoImports;
import dev.bootkeeper.inventory.IsoProfiles;
import dev.bootkeeper.store.Image;
import dev.bootkeeper.store.ImageFile;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.common.annotation.Blocking;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The images directory: each image with its files, sizes and checksums, a rescan, the state of the
 * boot loaders, and uploads. An upload streams into a hidden temporary file in the images directory
 * and is moved into place atomically, so a machine never downloads a half-written file; {@link
 * SafeImageWrites} does it without following symlinks.
 */
@jakarta.ws.rs.Path("/library")
@DashboardPage
@CsrfChecked
@Blocking
public class ImagesResource {

  @TemplateData
  public record FileRow(String path, String size, String sha256, String modified) {}

  @TemplateData
  /**
   * {@code iso} is the ISO's file for an ISO image, else null; {@code label}, {@code problem} and
   * {@code checksum} describe it, {@code accepted} says an admin accepted a mismatching checksum,
   * and {@code detected} what the ISO is (null for a folder or an ISO that is not served).
   */
  public record ImageRow(
      String name,
      String size,
      int files,
      String scanned,
      List<FileRow> list,
      int more,
      String iso,
      String label,
      String problem,
      String checksum,
      String checksumDetail,
      boolean accepted,
      IsoView detected,
      List<String> profiles) {

    /**
     * A profile may be made: a served ISO whose checksum matches, or whose mismatch was accepted.
     */
    public boolean offered() {
      return iso != null
          && problem == null
          && detected != null
          && detected.known()
          && (!"MISMATCH".equals(checksum) || accepted);
    }
  }

  /**
   * What an ISO is, before its profile is made: every file that profile's boot fetches and whether
   * the ISO holds it, or, for a layout Bootkeeper does not know, its kernels and initrds.
   *
   * @param stage3Choice the layout's live system takes its root over HTTP, NBD or NFS
   */
  @TemplateData
  public record IsoView(
      String title,
      boolean known,
      boolean stage3Choice,
      List<IsoDetection.Fetch> fetches,
      List<String> kernels,
      List<String> initrds) {

    static IsoView of(IsoDetection.Detected d) {
      return new IsoView(
          d.title(),
          d.kind() != IsoDetection.Kind.UNKNOWN,
          d.kind() == IsoDetection.Kind.SYSTEMRESCUE || d.kind() == IsoDetection.Kind.ARCH,
          d.fetches(),
          d.kernels(),
          d.initrdFiles());
    }
  }

  /** An extracted ISO can hold thousands of files: the page lists the first ones of each image. */
  static final int FILES_SHOWN = 200;

  private final Template images;
  private final Ui ui;
  private final ImageCatalog catalog;
  private final LoaderTable loaders;
  private final BootService boot;
  private final UploadConfig upload;
  private final IsoProfiles isoProfiles;
  private final ImageChanges changes;
  private final AuditLog audit;

  public ImagesResource(
      @Location("images.html") Template images,
      Ui ui,
      ImageCatalog catalog,
      LoaderTable loaders,
      BootService boot,
      UploadConfig upload,
      IsoProfiles isoProfiles,
      ImageChanges changes,
      AuditLog audit) {
    this.changes = changes;
    this.isoProfiles = isoProfiles;
    this.audit = audit;
    this.images = images;
    this.ui = ui;
    this.catalog = catalog;
    this.loaders = loaders;
    this.boot = boot;
    this.upload = upload;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Transactional
  public TemplateInstance list() {
    List<ImageRow> rows =
        Image.<Image>listAll(Sort.by("name")).stream()
            .map(
                i -> {
                  long total = i.files.stream().mapToLong(f -> f.size).sum();
                  String isoSha256 =
                      i.files.stream()
                          .filter(f -> f.path.equals(i.isoFile))
                          .map(f -> f.sha256)
                          .findFirst()
                          .orElse(null);
                  return new ImageRow(
                      i.name,
                      Sizes.human(total),
                      i.files.size(),
                      Times.full(i.scannedAt),
                      i.files.stream().limit(FILES_SHOWN).map(ImagesResource::row).toList(),
                      Math.max(0, i.files.size() - FILES_SHOWN),
                      i.isoFile,
                      i.volumeLabel,
                      i.isoProblem,
                      i.checksumState,
                      i.checksumDetail,
                      isoSha256 != null && isoSha256.equals(i.checksumAcceptedSha256),
                      i.isoFile == null || i.isoProblem != null ? null : detected(i.name),
                      changes.referencing(i.name));
                })
            .toList();
    return ui.page(images, "images")
        .data("rows", rows)
        .data("loaders", loaders.loaders())
        .data("root", boot.imageRoot().root().toString())
        .data("maxSize", Sizes.human(maxUpload()))
        .data("maxBytes", maxUpload());
  }

  /** What the ISO image is; null when it cannot be read now (it is listed with the reason). */
  private IsoView detected(String image) {
    try {
      return IsoView.of(isoProfiles.detect(image));
    } catch (InventoryException e) {
      return null;
    }
  }

  /** The rescan button (a plain form post). */
  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response rescan(@jakarta.ws.rs.FormParam("action") String action) {
    ImageCatalog.ScanResult r = catalog.rescan();
    audit.recordAlone(
        "rescan",
        AuditLog.IMAGE,
        null,
        r.images() + " images, " + r.files() + " files, " + r.removed() + " removed");
    return Ui.redirect(
        "/library",
        "Rescanned: "
            + r.images()
            + " images, "
            + r.files()
            + " files, "
            + r.hashed()
            + " checksummed, "
            + r.removed()
            + " removed.");
  }

  /** The one-click profile of an ISO image, with the stage 3 picked beside the button. */
  @POST
  @jakarta.ws.rs.Path("/iso-profile")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response isoProfile(
      @jakarta.ws.rs.FormParam("image") String image,
      @jakarta.ws.rs.FormParam("stage3") String stage3) {
    try {
      String name =
          isoProfiles
              .create(image == null ? "" : image, null, stage3, ui.username())
              .profile()
              .name();
      return Ui.redirect(
          "/profiles/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"),
          "Created profile '" + name + "' from the ISO " + image + ".");
    } catch (InventoryException e) {
      return Ui.redirect("/library", DashboardException.sentence(e.getMessage()));
    }
  }

  /**
   * Deletes an image: its folder, or its ISO with the checksum files beside it. The page names the
   * profiles that use it in the confirmation; they are left as they are and warn of the missing
   * files.
   */
  @POST
  @jakarta.ws.rs.Path("/delete")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response delete(@jakarta.ws.rs.FormParam("image") String image) {
    try {
      List<String> users = changes.referencing(image == null ? "" : image);
      changes.delete(image == null ? "" : image);
      return Ui.redirect(
          "/library",
          "Deleted the image "
              + image
              + "."
              + (users.isEmpty()
                  ? ""
                  : " The profile(s) "
                      + String.join(", ", users)
                      + " still name it: they warn of the missing files until you change them."));
    } catch (InventoryException e) {
      return Ui.redirect("/library", DashboardException.sentence(e.getMessage()));
    }
  }

  /** Renames an image, and with {@code updateProfiles} the profiles that name it. */
  @POST
  @jakarta.ws.rs.Path("/rename")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response rename(
      @jakarta.ws.rs.FormParam("image") String image,
      @jakarta.ws.rs.FormParam("newName") String newName,
      @jakarta.ws.rs.FormParam("updateProfiles") boolean updateProfiles) {
    try {
      ImageChanges.Renamed r =
          changes.rename(image == null ? "" : image, newName, updateProfiles, ui.username());
      return Ui.redirect(
          "/library",
          "Renamed the image "
              + r.from()
              + " to "
              + r.to()
              + "."
              + (r.profilesUpdated().isEmpty()
                  ? ""
                  : " Updated the profile(s) " + String.join(", ", r.profilesUpdated()) + "."));
    } catch (InventoryException e) {
      return Ui.redirect("/library", DashboardException.sentence(e.getMessage()));
    }
  }

  /** Accepts an ISO whose published checksum does not match. */
  @POST
  @jakarta.ws.rs.Path("/accept-checksum")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response acceptChecksum(@jakarta.ws.rs.FormParam("image") String image) {
    try {
      isoProfiles.acceptChecksum(image == null ? "" : image);
      return Ui.redirect("/library", "Accepted the ISO " + image + " despite its checksum.");
    } catch (InventoryException e) {
      return Ui.redirect("/library", DashboardException.sentence(e.getMessage()));
    }
  }

  /**
   * An upload: the body is the file. Sent by the page's script with {@code X-CSRF-Token}.
   *
   * @param target the path under the images directory, such as {@code debian/vmlinuz}
   * @param overwrite replace an existing file
   */
  @POST
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_JSON)
  public Response upload(
      @QueryParam("path") String target,
      @QueryParam("overwrite") boolean overwrite,
      @HeaderParam("Content-Length") Long length,
      InputStream body)
      throws IOException {
    long max = maxUpload();
    if (length != null && length > max) {
      return error(413, "The file is larger than the limit of " + Sizes.human(max) + ".");
    }
    ImageRoot.Normalised n = ImageRoot.normalise(target);
    if (n instanceof ImageRoot.Normalised.Bad bad) {
      return error(400, "Not a path under the images directory: " + bad.reason() + ".");
    }
    String rel = ((ImageRoot.Normalised.Ok) n).path();
    if (rel.isEmpty()) {
      return error(400, "Give the file a name.");
    }
    for (String segment : rel.split("/")) {
      if (segment.startsWith(".")) {
        return error(400, "Names starting with '.' are not allowed.");
      }
    }
    Path dest = boot.imageRoot().root().resolve(rel);
    SafeImageWrites writes = new SafeImageWrites(boot.imageRoot());
    long written;
    try {
      writes.createFolders(dest);
      if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
        return error(409, "'" + rel + "' exists already. Tick 'replace' to overwrite it.");
      }
      Counted counted = new Counted(body, max, length);
      // An ISO at the top is an image served in place: as through the API, it takes its name only
      // once it reads as ISO 9660, so a broken upload never replaces a working image.
      boolean isoImage = !rel.contains("/") && rel.endsWith(ImageRoot.ISO_SUFFIX);
      writes.write(dest, counted::copyTo, isoImage ? IsoImports::readableIso : file -> {}, true);
      written = counted.bytes;
    } catch (TooLarge e) {
      return error(413, "The file is larger than the limit of " + Sizes.human(max) + ".");
    } catch (SafeImageWrites.Refused e) {
      return error(400, "Not written: " + e.getMessage() + ".");
    } catch (IsoImports.Refused e) {
      return error(400, "Not written: " + e.getMessage() + ".");
    } catch (Interrupted e) {
      // The sender went away (a cancelled upload, a lost connection): the temporary file is gone
      // already, and nothing replaced the destination.
      return error(400, "The upload was interrupted; nothing was written.");
    }
    // Written files are not part of a transaction: the entry follows the write that succeeded.
    audit.recordAlone(
        overwrite ? "replace" : "upload", AuditLog.IMAGE, rel, Sizes.human(written) + " written");
    catalog.rescan();
    return Response.ok(
            Map.of(
                "path",
                rel,
                "size",
                written,
                "message",
                "Uploaded " + rel + " (" + Sizes.human(written) + ")."))
        .build();
  }

  /**
   * The largest upload that can work: Bootkeeper's own limit, or Quarkus' request size limit when
   * that is lower (Quarkus refuses larger bodies before they reach this resource).
   */
  long maxUpload() {
    long own = upload.maxSize().asLongValue();
    return org.eclipse.microprofile.config.ConfigProvider.getConfig()
        .getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
        .map(m -> Math.min(own, m.asLongValue()))
        .orElse(own);
  }

  /**
   * The body copied into the file, stopped (and the file dropped) past the size limit, or when it
   * ends before the length the request announced: a cancelled or cut-off upload may reach its end
   * as a plain end of stream, and must not replace a file with its first part.
   */
  private static final class Counted {
    private final InputStream body;
    private final long max;
    private final Long announced;
    long bytes;

    Counted(InputStream body, long max, Long announced) {
      this.body = body;
      this.max = max;
      this.announced = announced;
    }

    void copyTo(OutputStream out) throws IOException {
      try (InputStream in = body) {
        byte[] buf = new byte[1 << 16];
        int r;
        while ((r = read(in, buf)) > 0) {
          bytes += r;
          if (bytes > max) {
            throw new TooLarge();
          }
          out.write(buf, 0, r);
        }
      }
      if (announced != null && bytes != announced) {
        throw new Interrupted();
      }
    }

    private static int read(InputStream in, byte[] buf) throws Interrupted {
      try {
        return in.read(buf);
      } catch (IOException e) {
        throw new Interrupted();
      }
    }
  }

  /** The upload's body ended early or broke off: its sender cancelled or lost the connection. */
  private static final class Interrupted extends IOException {}

  private static final class TooLarge extends IOException {}

  private static Response error(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", message))
        .build();
  }

  private static FileRow row(ImageFile f) {
    return new FileRow(f.path, Sizes.human(f.size), f.sha256, Times.full(f.modifiedAt));
  }
}
