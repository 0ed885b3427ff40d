package dev.lexray.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lexray.runtime.HostArrays;
import dev.lexray.runtime.TorchRuntime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The weights of one loaded model, read as float32 host arrays, materialised as {@link NDArray}s once per precision
 * and shared, read-only, by every thread that uses the model. A host array is dropped once its float32 tensor
 * exists, so the weights are held once, in libtorch (for Qwen2-0.5B 2 GB, not 4); the rare caller that wants host
 * values again (a copy with randomised layers) reads them back.
 */
public final class Parameters implements AutoCloseable {
    private final Map<String, long[]> shapes;
    /** Host values of the tensors not materialised yet. */
    private final Map<String, Tensor> host;
    private final NDManager manager;
    private final Map<String, NDArray> arrays = new ConcurrentHashMap<>();
    private final Map<String, NDArray> derived = new ConcurrentHashMap<>();
    private boolean live;

    public Parameters(Map<String, Tensor> tensors, NDManager manager) {
        Map<String, long[]> s = new HashMap<>();
        tensors.forEach((name, t) -> s.put(name, t.shape()));
        this.shapes = Map.copyOf(s);
        this.host = new ConcurrentHashMap<>(tensors);
        this.manager = manager;
    }

    /**
     * Parameters backed by live arrays (training): {@link #get} returns these very arrays, so gradients flow into
     * them. The caller owns and closes them.
     */
    public static Parameters live(Map<String, NDArray> arrays) {
        Parameters p = new Parameters(Map.of(), null);
        p.live = true;
        arrays.forEach((name, a) -> p.arrays.put(name + "@" + a.getDataType(), a));
        return p;
    }

    /** The tensor's float32 values on the host: the loaded ones, or read back from the engine once materialised. */
    public Tensor tensor(String name) {
        long[] shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalStateException("no tensor " + name); // the loader validated names already
        }
        Tensor t = host.get(name);
        return t != null ? t : new Tensor(name, shape, get(name, DataType.FLOAT32).toFloatArray());
    }

    /** The tensor's shape, without touching its values. */
    public long[] shape(String name) {
        long[] shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalStateException("no tensor " + name);
        }
        return shape.clone();
    }

    public boolean has(String name) {
        return shapes.containsKey(name);
    }

    /** The names of the model's tensors (empty for live parameters). */
    public Set<String> names() {
        return shapes.keySet();
    }

    /**
     * New parameters with some host tensors replaced (same names), on a manager of their own; this instance is
     * unchanged.
     */
    public Parameters withReplaced(Map<String, Tensor> replacements) {
        for (String name : replacements.keySet()) {
            if (!shapes.containsKey(name)) {
                throw new IllegalArgumentException("no tensor " + name + " to replace");
            }
        }
        Map<String, Tensor> merged = new HashMap<>();
        for (String name : shapes.keySet()) {
            merged.put(name, replacements.containsKey(name) ? replacements.get(name) : tensor(name));
        }
        return new Parameters(merged, TorchRuntime.newManager(device()));
    }

    /** The tensor as an NDArray of the given type, owned by the model (never close it). */
    public NDArray get(String name, DataType type) {
        NDArray existing = arrays.get(name + "@" + type);
        if (existing != null) {
            return existing;
        }
        if (type != DataType.FLOAT32) {
            NDArray values = get(name, DataType.FLOAT32); // outside the map's update: no recursive computeIfAbsent
            return arrays.computeIfAbsent(name + "@" + type, k -> owned(values.toType(type, true), name));
        }
        return arrays.computeIfAbsent(name + "@" + type, k -> {
            Tensor t = host.get(name);
            if (t == null) {
                throw new IllegalStateException("no tensor " + name);
            }
            NDArray a = owned(HostArrays.of(manager, t.values(), new Shape(t.shape())), name);
            host.remove(name); // held once: in libtorch from now on
            return a;
        });
    }

    private static NDArray owned(NDArray a, String name) {
        a.setName(name);
        NDScope.unregister(a); // owned by the model, not by the batch that first asked for it
        return a;
    }

    /**
     * An array computed from the weights once per key and type and then shared like them (a transpose, a gate
     * block, a summed bias), owned by the model. Live (training) parameters change every step: there it is
     * computed on every call and belongs to the caller's scope.
     */
    public NDArray derived(String key, DataType type, Supplier<NDArray> compute) {
        if (live) {
            return compute.get();
        }
        return derived.computeIfAbsent(key + "@" + type, k -> {
            NDArray a = compute.get();
            a.attach(manager); // the model's, not the batch's that first asked for it
            NDScope.unregister(a);
            return a;
        });
    }

    /** Where the weights live and the model's batches compute (the CPU for live parameters). */
    public Device device() {
        return manager == null ? Device.cpu() : manager.getDevice();
    }

    /** Whether {@code a} is one of this model's weight arrays (or arrays derived from them), which no batch may free. */
    boolean owns(NDArray a) {
        for (NDArray w : arrays.values()) {
            if (w == a) {
                return true;
            }
        }
        for (NDArray w : derived.values()) {
            if (w == a) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
