package io.streamyolo.source.event;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information of {@link CameraEvent}: always serialized by {@link CameraEventSerializer}. */
public final class CameraEventTypeInfo extends TypeInformation<CameraEvent> {

    private static final long serialVersionUID = 1L;

    public static final CameraEventTypeInfo INSTANCE = new CameraEventTypeInfo();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<CameraEvent> getTypeClass() {
        return CameraEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<CameraEvent> createSerializer(SerializerConfig config) {
        return CameraEventSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "CameraEvent";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof CameraEventTypeInfo;
    }

    @Override
    public int hashCode() {
        return CameraEventTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof CameraEventTypeInfo;
    }
}
