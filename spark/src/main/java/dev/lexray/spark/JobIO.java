package dev.lexray.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Reading and writing the jobs' tables: JSON Lines, Parquet, CSV (with a header) and TSV. */
final class JobIO {
    private JobIO() {}

    enum Format {
        JSONL, PARQUET, CSV, TSV;

        static Format parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "jsonl", "json", "ndjson" -> JSONL;
                case "parquet" -> PARQUET;
                case "csv" -> CSV;
                case "tsv" -> TSV;
                default -> throw new IllegalArgumentException("unknown format '" + s
                        + "': use jsonl, parquet, csv or tsv");
            };
        }
    }

    /**
     * Reads a table. CSV and TSV have a header line and every column is text; TSV has no quoting (a tab ends a
     * field whatever the quotes), as GLUE's files are written.
     */
    static Dataset<Row> read(SparkSession spark, Format format, String path) {
        DataFrameReader r = spark.read();
        return switch (format) {
            case JSONL -> r.json(path);
            case PARQUET -> r.parquet(path);
            case CSV -> r.option("header", "true").option("multiLine", "true").option("escape", "\"").csv(path);
            case TSV -> r.option("header", "true").option("sep", "\t").option("quote", "").csv(path);
        };
    }

    /**
     * Writes a table as a folder of part files. CSV and TSV cannot hold nested columns: structs and arrays are
     * written as JSON text there.
     */
    static void write(Dataset<Row> data, Format format, String path, boolean overwrite) {
        SaveMode mode = overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
        switch (format) {
            case JSONL -> data.write().mode(mode).json(path);
            case PARQUET -> data.write().mode(mode).parquet(path);
            case CSV -> flat(data).write().mode(mode).option("header", "true").option("escape", "\"").csv(path);
            case TSV -> flat(data).write().mode(mode).option("header", "true").option("sep", "\t")
                    .option("quote", "").csv(path);
        }
    }

    /** Nested columns as JSON text. */
    static Dataset<Row> flat(Dataset<Row> data) {
        List<Column> cols = new ArrayList<>();
        for (StructField f : data.schema().fields()) {
            boolean nested = f.dataType() instanceof StructType || f.dataType() instanceof ArrayType
                    || f.dataType() instanceof MapType;
            cols.add(nested ? to_json(col(f.name())).as(f.name()) : col(f.name()));
        }
        return data.select(cols.toArray(new Column[0]));
    }
}
