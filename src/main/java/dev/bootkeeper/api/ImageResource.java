package dev.bootkeeper.api;

import dev.bootkeeper.boot.ImageCatalog;
import dev.bootkeeper.boot.IsoDetection;
import dev.bootkeeper.boot.Stage3Checksums;
import dev.bootkeeper.inventory.AuditLog;
import dev.bootkeeper.inventory.ImageChanges;
import dev.bootkeeper.inventory.IsoImports;
import dev.bootkeeper.inventory.IsoProfiles;
import dev.bootkeeper.store.Image;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;

/** The images under the images directory, with sizes and checksums, and ISO imports. */
@Path("/api/v1/images")
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {

  public record FileDto(
      String path, long size, OffsetDateTime modifiedAt, String sha256, String sha512) {}

  /**
   * An ISO image's own facts: the ISO file, its volume label or why it is not served, and the
   * verdict of the checksum file beside it ({@code accepted}: an admin accepted a mismatch).
   */
  public record IsoDto(
      String file,
      String volumeLabel,
      String problem,
      String checksum,
      String checksumDetail,
      boolean accepted) {}

  /** {@code iso} is null for a folder. */
  public record ImageDto(
      String name, long size, OffsetDateTime scannedAt, IsoDto iso, List<FileDto> files) {}

  /**
   * The body of a rename: the new name, and whether the profiles that name the image change with it
   * (default true).
   */
  public record Rename(String name, Boolean updateProfiles) {}

  /** The body of a one-click profile: its name (default {@code <image>-<stage3>}) and stage 3. */
  public record IsoProfile(String name, String stage3) {}

  /**
   * An import of an ISO already on the appliance: its absolute {@code path} (under an import
   * directory), the image {@code name} (default: the file's name without {@code .iso}), {@code
   * mode} {@code copy} (default), {@code link} or {@code move}, and {@code replace}.
   */
  public record PathImport(String path, String name, String mode, Boolean replace) {}

  /** An imported ISO: the image with its checksum verdict, and what it holds. */
  public record ImportedDto(ImageDto image, IsoDetection.Detected detection) {}

  /** The media types an ISO upload may be sent as. */
  static final String ISO_MEDIA_TYPE = "application/x-iso9660-image";

  private final ImageCatalog catalog;
  private final Stage3Checksums checksums;
  private final IsoProfiles isoProfiles;
  private final IsoImports imports;
  private final ImageChanges changes;
  private final AuditLog audit;

  public ImageResource(
      ImageCatalog catalog,
      Stage3Checksums checksums,
      IsoProfiles isoProfiles,
      IsoImports imports,
      ImageChanges changes,
      AuditLog audit) {
    this.changes = changes;
    this.audit = audit;
    this.catalog = catalog;
    this.checksums = checksums;
    this.isoProfiles = isoProfiles;
    this.imports = imports;
  }

  /**
   * Imports an ISO from the request body, streamed to disk: {@code ?name=<image>} (with or without
   * {@code .iso}), {@code &replace=true} to overwrite, {@code &sha256=} or {@code &sha512=} the
   * published checksum to verify it against.
   */
  @POST
  @Consumes({MediaType.APPLICATION_OCTET_STREAM, ISO_MEDIA_TYPE})
  public Response upload(
      @QueryParam("name") String name,
      @QueryParam("replace") boolean replace,
      @QueryParam("sha256") String sha256,
      @QueryParam("sha512") String sha512,
      @HeaderParam("Content-Length") Long length,
      InputStream body) {
    return imported(
        () ->
            imports.upload(name, replace, length, body, new IsoImports.Published(sha256, sha512)));
  }

  /** Imports an ISO that is already on the appliance (see {@link PathImport}). */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response importPath(PathImport in) {
    if (in == null) {
      throw ApiProblem.badRequest("give {\"path\": \"/…/name.iso\"}");
    }
    IsoImports.Mode mode = mode(in.mode());
    return imported(
        () -> imports.fromPath(in.path(), in.name(), mode, Boolean.TRUE.equals(in.replace())));
  }

  private static IsoImports.Mode mode(String mode) {
    if (mode == null || mode.isBlank()) {
      return IsoImports.Mode.COPY;
    }
    for (IsoImports.Mode m : IsoImports.Mode.values()) {
      if (m.name().equalsIgnoreCase(mode.strip())) {
        return m;
      }
    }
    throw ApiProblem.badRequest("mode must be copy, link or move");
  }

  private Response imported(java.util.function.Supplier<IsoImports.Imported> importing) {
    IsoImports.Imported done;
    try {
      done = importing.get();
    } catch (IsoImports.Refused e) {
      throw new ApiProblem(status(e.why()), e.getMessage());
    }
    ImageDto image =
        QuarkusTransaction.requiringNew()
            .call(() -> Image.byName(done.image()).map(ImageResource::toDto).orElse(null));
    if (image == null) {
      throw new ApiProblem(500, "the ISO was written but the catalog does not list it");
    }
    return Response.created(URI.create("/api/v1/images/" + done.image()))
        .entity(new ImportedDto(image, isoProfiles.detect(done.image())))
        .build();
  }

  private static int status(IsoImports.Refusal why) {
    return switch (why) {
      case INVALID -> 400;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case EXISTS -> 409;
      case TOO_LARGE -> 413;
      case NO_SPACE -> 507;
    };
  }

  /** What an ISO image is: its layout, kernel, initrds and live root filesystem. */
  @GET
  @Path("/{name}/detection")
  public IsoDetection.Detected detection(@PathParam("name") String name) {
    return isoProfiles.detect(name);
  }

  /**
   * Makes the profile that boots an ISO image, in one call: {@code {"stage3": "http"|"nbd"|"nfs",
   * "name": …}}, both optional.
   */
  @POST
  @Path("/{name}/profiles")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response profile(@PathParam("name") String name, IsoProfile in) {
    IsoProfile body = in == null ? new IsoProfile(null, null) : in;
    return ProfileResource.created(
        isoProfiles.create(name, body.name(), body.stage3(), ProfileResource.AUTHOR));
  }

  /** The profiles whose kernel, initrds or stage 3 image lie in this image. */
  @GET
  @Path("/{name}/profiles")
  @Transactional
  public List<String> profiles(@PathParam("name") String name) {
    get(name);
    return changes.referencing(name);
  }

  /**
   * Deletes the image (its folder, or its ISO and checksum files). Profiles that name it are left
   * as they are: list them first with {@code GET /{name}/profiles}.
   */
  @DELETE
  @Path("/{name}")
  public Response delete(@PathParam("name") String name) {
    changes.delete(name);
    return Response.noContent().build();
  }

  /** Renames the image and, unless {@code updateProfiles} is false, the profiles that name it. */
  @POST
  @Path("/{name}/rename")
  @Consumes(MediaType.APPLICATION_JSON)
  public ImageChanges.Renamed rename(@PathParam("name") String name, Rename in) {
    if (in == null) {
      throw ApiProblem.badRequest("a JSON body with the new 'name' is required");
    }
    return changes.rename(
        name,
        in.name(),
        in.updateProfiles() == null || in.updateProfiles(),
        ProfileResource.AUTHOR);
  }

  /** Accepts an ISO whose published checksum does not match, as the ISO is now. */
  @POST
  @Path("/{name}/accept-checksum")
  public Response acceptChecksum(@PathParam("name") String name) {
    isoProfiles.acceptChecksum(name);
    return Response.noContent().build();
  }

  @GET
  @Transactional
  public List<ImageDto> list() {
    return Image.<Image>listAll(Sort.by("name")).stream().map(ImageResource::toDto).toList();
  }

  @GET
  @Path("/{name}")
  @Transactional
  public ImageDto get(@PathParam("name") String name) {
    return Image.byName(name)
        .map(ImageResource::toDto)
        .orElseThrow(() -> ApiProblem.notFound("no image named '" + name + "' (try a rescan)"));
  }

  /**
   * Writes missing stage-3 checksum files (airootfs.sha512, sysrcd.md5), then re-reads the images
   * directory; checksums are computed for new and changed files only.
   */
  @POST
  @Path("/rescan")
  public ImageCatalog.ScanResult rescan() {
    checksums.generate();
    ImageCatalog.ScanResult r = catalog.rescan();
    audit.recordAlone(
        "rescan",
        AuditLog.IMAGE,
        null,
        r.images() + " images, " + r.files() + " files, " + r.removed() + " removed");
    return r;
  }

  private static ImageDto toDto(Image i) {
    List<FileDto> files =
        i.files.stream()
            .map(f -> new FileDto(f.path, f.size, f.modifiedAt, f.sha256, f.sha512))
            .toList();
    return new ImageDto(
        i.name, files.stream().mapToLong(FileDto::size).sum(), i.scannedAt, iso(i), files);
  }

  static IsoDto iso(Image i) {
    if (i.isoFile == null) {
      return null;
    }
    String sha256 =
        i.files.stream()
            .filter(f -> f.path.equals(i.isoFile))
            .map(f -> f.sha256)
            .findFirst()
            .orElse(null);
    boolean accepted = sha256 != null && sha256.equals(i.checksumAcceptedSha256);
    return new IsoDto(
        i.isoFile, i.volumeLabel, i.isoProblem, i.checksumState, i.checksumDetail, accepted);
  }
}
