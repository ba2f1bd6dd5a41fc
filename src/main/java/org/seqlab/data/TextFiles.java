package org.seqlab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small line-oriented files (labelled text, CSV) read whole, with the corpus loader's UTF-8 and path checks. */
final class TextFiles {

    private TextFiles() {
    }

    /** The file's lines without line endings ({@code \n} or {@code \r\n}). */
    static List<String> lines(Path path) {
        Utf8Chunks.checkFile(path);
        StringBuilder sb = new StringBuilder();
        Utf8Chunks.decode(path, new Utf8Chunks.Sink() {
            @Override
            public void chars(char[] buf, int len) {
                sb.append(buf, 0, len);
            }

            @Override
            public void end() {
            }
        });
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= sb.length(); i++) {
            if (i == sb.length() || sb.charAt(i) == '\n') {
                int end = i > start && sb.charAt(i - 1) == '\r' ? i - 1 : i;
                if (i < sb.length() || end > start) {
                    out.add(sb.substring(start, end));
                }
                start = i + 1;
            }
        }
        return out;
    }
}
