/**
 * Input and output of data on the driver: the MNIST and LIBSVM readers and the synthetic teacher
 * that produce {@link org.ialam.driver.data.LabeledData}, and NumPy {@code .npy} files for
 * weights.
 *
 * <p>All file access goes through Hadoop's {@link org.apache.hadoop.fs.FileSystem}, so local
 * paths, {@code file:}, {@code hdfs:} and object-store URIs all work. Every problem with the input
 * is an {@link org.ialam.driver.data.InvalidInputException} whose one-line message names the file
 * and says what was found and what was expected; the command line prints just that message.
 */
package org.ialam.driver.data;
