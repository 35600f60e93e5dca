package io.sparkcnn.training;

import java.io.Serializable;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Spark's barrier mode from Java (its Java API has no {@code barrier()}): {@link #mapPartitions} runs a
 * {@code FlatMapFunction} over every partition of an RDD as one barrier stage, whose tasks all start together or not
 * at all, and fail together: what replicas averaged with each other between rounds need
 * ({@link AveragingCoordinator}; Spark's own {@code allGather} polls once a second, too slow for rounds of ~0.3 s).
 */
final class BarrierStage<T, R> extends AbstractFunction1<Iterator<T>, Iterator<R>> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final FlatMapFunction<java.util.Iterator<T>, R> body;

    private BarrierStage(FlatMapFunction<java.util.Iterator<T>, R> body) {
        this.body = body;
    }

    static <T, R> JavaRDD<R> mapPartitions(JavaRDD<T> rdd, FlatMapFunction<java.util.Iterator<T>, R> body,
                                           Class<R> resultClass) {
        ClassTag<R> tag = ClassTag$.MODULE$.apply(resultClass);
        return JavaRDD.fromRDD(rdd.rdd().barrier().mapPartitions(new BarrierStage<>(body), false, tag), tag);
    }

    @Override
    public Iterator<R> apply(Iterator<T> partition) {
        try {
            return JavaConverters.asScalaIterator(body.call(JavaConverters.asJavaIterator(partition)));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
