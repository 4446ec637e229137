package org.ialam.driver.output;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The file system for files that people read and edit with other tools (a run's metrics, summary and model): on a
 * {@link ChecksumFileSystem} such as Hadoop's {@code file:} the raw one underneath. The checksummed one writes a hidden
 * {@code .NAME.crc} beside every file and refuses to read a file whose content no longer matches it, so a model
 * re-saved with {@code np.save} in place could not be given back to {@code --init-model}. Other file systems keep
 * their own integrity checks and are returned as they are. The training checkpoints, which only this program reads,
 * keep their checksums.
 */
final class PlainFiles {
    private PlainFiles() {
    }

    static FileSystem of(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }
}
