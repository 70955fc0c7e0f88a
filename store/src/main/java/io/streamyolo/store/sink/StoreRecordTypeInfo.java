package io.streamyolo.store.sink;

import io.streamyolo.store.StoreRecord;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information of {@link StoreRecord}: always serialized by {@link StoreRecordSerializer}. */
public final class StoreRecordTypeInfo extends TypeInformation<StoreRecord> {

    private static final long serialVersionUID = 1L;

    public static final StoreRecordTypeInfo INSTANCE = new StoreRecordTypeInfo();

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
    public Class<StoreRecord> getTypeClass() {
        return StoreRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<StoreRecord> createSerializer(SerializerConfig config) {
        return StoreRecordSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "StoreRecord";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof StoreRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return StoreRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof StoreRecordTypeInfo;
    }
}
