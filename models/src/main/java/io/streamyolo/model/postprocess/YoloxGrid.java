package io.streamyolo.model.postprocess;

import java.util.List;

/**
 * The cells of a YOLOX output in their order: one grid per stride (8, 16, 32), smallest stride
 * first, each row by row; cell {@code i} has its column, row and stride. YOLOX decodes a box as
 * {@code xy = (raw_xy + (column, row)) * stride}, {@code wh = exp(raw_wh) * stride}.
 */
public final class YoloxGrid {

    private final List<Integer> strides;
    private final int[] column;
    private final int[] row;
    private final int[] stride;

    public YoloxGrid(int inputWidth, int inputHeight, List<Integer> strides) {
        this.strides = List.copyOf(strides);
        int cells = cellCount(inputWidth, inputHeight, strides);
        column = new int[cells];
        row = new int[cells];
        stride = new int[cells];
        int i = 0;
        for (int s : strides) {
            int w = ceilDiv(inputWidth, s);
            int h = ceilDiv(inputHeight, s);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++, i++) {
                    column[i] = x;
                    row[i] = y;
                    stride[i] = s;
                }
            }
        }
    }

    /** Cells of an input of that size: the sum over strides of its feature map's size. */
    public static int cellCount(int inputWidth, int inputHeight, List<Integer> strides) {
        int cells = 0;
        for (int s : strides) {
            cells += ceilDiv(inputWidth, s) * ceilDiv(inputHeight, s);
        }
        return cells;
    }

    public int cells() {
        return column.length;
    }

    public List<Integer> strides() {
        return strides;
    }

    public int column(int cell) {
        return column[cell];
    }

    public int row(int cell) {
        return row[cell];
    }

    public int stride(int cell) {
        return stride[cell];
    }

    // ------------------------------------------------------------------------------------------

    // Stride-2 convolutions with padding round up, as PyTorch's do.
    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
