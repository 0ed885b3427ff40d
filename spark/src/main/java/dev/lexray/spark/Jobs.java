package dev.lexray.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What the jobs share: their session and how they spread the input. */
final class Jobs {
    private Jobs() {}

    /**
     * The job's session: under spark-submit its master and settings; run as a plain Java program, {@code master}
     * or {@code -Dspark.master}, else {@code local[*]}, with the web UI off.
     */
    static SparkSession session(String name, String master) {
        SparkConf conf = new SparkConf().setAppName(name);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * The input over {@code partitions} partitions (round robin); with 0, over 4 per core of the default
     * parallelism when it has fewer partitions than the cores (a single small file is one partition, which would
     * keep all but one core idle), else as read.
     */
    static Dataset<Row> spread(Dataset<Row> data, int partitions) {
        if (partitions < 0) {
            throw new IllegalArgumentException("--partitions must be 0 or more");
        }
        if (partitions > 0) {
            return data.repartition(partitions);
        }
        int cores = data.sparkSession().sparkContext().defaultParallelism();
        return data.rdd().getNumPartitions() < cores ? data.repartition(4 * cores) : data;
    }
}
