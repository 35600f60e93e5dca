package io.sparkcnn.replica;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binds the running Spark task's thread to the GPU Spark assigned to the task (spark.task.resource.gpu.amount),
 * so that each replica computes on its own GPU. ND4J otherwise puts every thread on device 0. Without a GPU
 * assignment (CPU executors, local mode) it does nothing.
 */
public final class TaskGpu {
    private TaskGpu() {
    }

    /** Returns the device bound, or -1 when the task has no GPU. */
    public static int bind() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return -1;
        }
        ResourceInformation gpu = task.resourcesJMap().get("gpu");
        if (gpu == null || gpu.addresses().length == 0) {
            return -1;
        }
        int device = Integer.parseInt(gpu.addresses()[0]);
        Nd4j.getAffinityManager().unsafeSetDevice(device);
        return device;
    }
}
