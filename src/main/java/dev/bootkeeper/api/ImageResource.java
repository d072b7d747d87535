package dev.bootkeeper.api;

import dev.bootkeeper.boot.ImageCatalog;
import dev.bootkeeper.boot.IsoDetection;
import dev.bootkeeper.boot.Stage3Checksums;
import dev.bootkeeper.inventory.AuditLog;
import dev.bootkeeper.inventory.IsoProfiles;
import dev.bootkeeper.store.Image;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;

/** The images under the images directory, with sizes and checksums. */
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

  /** The body of a one-click profile: its name (default {@code <image>-<stage3>}) and stage 3. */
  public record IsoProfile(String name, String stage3) {}

  private final ImageCatalog catalog;
  private final Stage3Checksums checksums;
  private final IsoProfiles isoProfiles;
  private final AuditLog audit;

  public ImageResource(
      ImageCatalog catalog, Stage3Checksums checksums, IsoProfiles isoProfiles, AuditLog audit) {
    this.catalog = catalog;
    this.checksums = checksums;
    this.isoProfiles = isoProfiles;
    this.audit = audit;
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
