package dev.airlock.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The functions are deployed on arm64 (Graviton) Lambda, and the package is built wherever the
 * build runs: every native library in a function.zip, also inside the jars in lib/, must exist
 * for Linux on aarch64, or the code that loads it fails on the first request that needs it. No
 * macOS or Windows library belongs in a Lambda package. Libraries are told apart by their headers
 * (ELF machine, Mach-O, PE), not by their paths.
 */
class FunctionNativeLibrariesIT {
    private static final Pattern NATIVE = Pattern.compile("(?i).+\\.(so(\\.\\d+)*|dylib|jnilib|dll)$");
    private static final int EM_X86_64 = 62;
    private static final int EM_AARCH64 = 183;

    /** One native library: where it is (nested jars joined by "!/"), its OS and CPU. */
    record NativeLibrary(String path, String os, String arch) {
        String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"airlock.function.zip", "airlock.upkeep.function.zip", "airlock.notifier.function.zip"})
    void functionZip_shipsEveryNativeLibraryForLinuxArm64AndNoneForOtherSystems(String property) throws IOException {
        Path zip = Path.of(System.getProperty(property));
        assertThat(zip).as("%s: build it with ./mvnw package", property).isRegularFile();
        List<NativeLibrary> natives;
        try (InputStream in = Files.newInputStream(zip)) {
            natives = nativesIn(in, "");
        }

        assertThat(problems(natives)).as("native libraries in %s", zip).isEmpty();
    }

    @Test
    void functionZip_whenTheGatewayIsScanned_findsCedarsLibraryInsideItsJar() throws IOException {
        // The scan must see into nested jars: the gateway's policy engine is a native library in one.
        List<NativeLibrary> natives;
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("airlock.function.zip")))) {
            natives = nativesIn(in, "");
        }

        assertThat(natives).filteredOn(n -> n.fileName().equals("libcedar_java_ffi.so"))
                .extracting(NativeLibrary::arch).contains("aarch64");
    }

    @Test
    void problems_whenALibraryIsOnlyBuiltForX86OrForAnotherSystem_namesIt() throws IOException {
        byte[] jar = zip(List.of(
                new Entry("lib/linux-x86_64/libbrotli.so", elf(EM_X86_64)),
                new Entry("jne/linux/x86_64/libcedar.so", elf(EM_X86_64)),
                new Entry("jne/linux/aarch64/libcedar.so", elf(EM_AARCH64)),
                new Entry("jne/macos/aarch64/libcedar.dylib", new byte[]{(byte) 0xCF, (byte) 0xFA, (byte) 0xED,
                        (byte) 0xFE, 0, 0, 0, 0}),
                new Entry("jne/windows/x86_64/cedar.dll", new byte[]{'M', 'Z', 0, 0})));
        byte[] functionZip = zip(List.of(new Entry("lib/native-linux-x86_64.jar", jar)));

        List<String> problems = problems(nativesIn(new ByteArrayInputStream(functionZip), ""));

        assertThat(problems).containsExactlyInAnyOrder(
                "libbrotli.so has no Linux aarch64 build, only lib/native-linux-x86_64.jar!/lib/linux-x86_64/libbrotli.so "
                        + "(x86_64): add the aarch64 one, or remove it from the package",
                "lib/native-linux-x86_64.jar!/jne/macos/aarch64/libcedar.dylib is a macos library: remove it from the "
                        + "package (quarkus.class-loading.removed-resources)",
                "lib/native-linux-x86_64.jar!/jne/windows/x86_64/cedar.dll is a windows library: remove it from the "
                        + "package (quarkus.class-loading.removed-resources)");
    }

    static List<String> problems(List<NativeLibrary> natives) {
        List<String> problems = new ArrayList<>();
        for (NativeLibrary lib : natives) {
            if (!lib.os().equals("linux")) {
                problems.add(lib.path() + " is a " + lib.os() + " library: remove it from the package "
                        + "(quarkus.class-loading.removed-resources)");
            } else if (!lib.arch().equals("aarch64") && natives.stream().noneMatch(other -> other.os().equals("linux")
                    && other.arch().equals("aarch64") && other.fileName().equals(lib.fileName()))) {
                problems.add(lib.fileName() + " has no Linux aarch64 build, only " + lib.path() + " (" + lib.arch()
                        + "): add the aarch64 one, or remove it from the package");
            }
        }
        return problems;
    }

    /** Every native library in a zip or jar, and in the jars inside it. */
    static List<NativeLibrary> nativesIn(InputStream archive, String prefix) throws IOException {
        List<NativeLibrary> found = new ArrayList<>();
        ZipInputStream zip = new ZipInputStream(archive);
        ZipEntry entry;
        while ((entry = zip.getNextEntry()) != null) {
            if (entry.isDirectory()) {
                continue;
            }
            String name = entry.getName();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".jar") || lower.endsWith(".zip")) {
                found.addAll(nativesIn(new ByteArrayInputStream(zip.readAllBytes()), prefix + name + "!/"));
            } else if (NATIVE.matcher(name).matches()) {
                found.add(identify(prefix + name, zip.readNBytes(64)));
            }
        }
        return found;
    }

    private static NativeLibrary identify(String path, byte[] header) {
        if (header.length >= 20 && header[0] == 0x7F && header[1] == 'E' && header[2] == 'L' && header[3] == 'F') {
            boolean littleEndian = header[5] == 1;
            int machine = littleEndian ? (header[18] & 0xFF) | (header[19] & 0xFF) << 8
                    : (header[18] & 0xFF) << 8 | (header[19] & 0xFF);
            String arch = switch (machine) {
                case EM_X86_64 -> "x86_64";
                case EM_AARCH64 -> "aarch64";
                default -> "machine-" + machine;
            };
            return new NativeLibrary(path, "linux", arch);
        }
        if (header.length >= 4) {
            int magic = (header[0] & 0xFF) << 24 | (header[1] & 0xFF) << 16 | (header[2] & 0xFF) << 8 | (header[3] & 0xFF);
            if (magic == 0xFEEDFACF || magic == 0xCFFAEDFE || magic == 0xFEEDFACE || magic == 0xCEFAEDFE
                    || magic == 0xCAFEBABE) {
                return new NativeLibrary(path, "macos", "any");
            }
        }
        if (header.length >= 2 && header[0] == 'M' && header[1] == 'Z') {
            return new NativeLibrary(path, "windows", "any");
        }
        String lower = path.toLowerCase(Locale.ROOT);
        String os = lower.endsWith(".dll") ? "windows" : lower.endsWith(".dylib") || lower.endsWith(".jnilib")
                ? "macos" : "unknown";
        return new NativeLibrary(path, os, "unknown");
    }

    private record Entry(String name, byte[] bytes) {
    }

    private static byte[] zip(List<Entry> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Entry e : entries) {
                zip.putNextEntry(new ZipEntry(e.name()));
                zip.write(e.bytes());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** The first bytes of a 64-bit little-endian ELF shared object for the given machine. */
    private static byte[] elf(int machine) {
        byte[] header = new byte[64];
        header[0] = 0x7F;
        header[1] = 'E';
        header[2] = 'L';
        header[3] = 'F';
        header[4] = 2;
        header[5] = 1;
        header[16] = 3;
        header[18] = (byte) (machine & 0xFF);
        header[19] = (byte) (machine >> 8);
        return header;
    }
}
