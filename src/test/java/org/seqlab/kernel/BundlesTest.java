package org.seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.DisplayStream;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.seqlab.inspect.render.Heatmap;
import org.seqlab.inspect.render.LinePlot;
import org.seqlab.inspect.render.Table;

class BundlesTest {

    @Test
    void aTableIsAnEscapedHtmlTableWithNumbersToTheRight() {
        Table t = new Table("a <b>", List.of("layer", "params"), List.of(List.of("x&y", "1,024")), List.of("total 1,024"));
        DisplayData d = Bundles.of(t, false, "plain text");
        assertEquals("plain text", d.getData(MIMEType.TEXT_PLAIN));
        assertEquals("<table><caption style=\"text-align:left\">a &lt;b&gt;</caption><thead><tr><th>layer</th><th>params</th></tr></thead>"
                + "<tbody><tr><td style=\"text-align:left\">x&amp;y</td><td style=\"text-align:right\">1,024</td></tr></tbody></table>"
                + "<div>total 1,024</div>", d.getData(MIMEType.TEXT_HTML));
    }

    @Test
    void aHeatmapIsAPngWithAnInteractiveViewAPlotOnlyAPng() {
        Heatmap h = new Heatmap("h", new float[][] {{0f, 1f}, {0.5f, -1f}}, List.of("r1", "r2"), List.of("a", "b"));
        DisplayData d = Bundles.of(h, false, "text");
        assertTrue(((String) d.getData(MIMEType.IMAGE_PNG)).startsWith("iVBORw0KGgo"), "base64 of a PNG header");
        String view = (String) Bundles.view(h, false).getData(MIMEType.TEXT_HTML);
        assertTrue(view.startsWith("<details><summary>interactive: values on hover</summary>") && view.contains("<iframe"), view);
        LinePlot p = new LinePlot("p", "x", "y", List.of(new LinePlot.Series("s", new double[] {1, 2}, new double[] {3, 4})));
        assertTrue(Bundles.of(p, false, "t").hasDataForType(MIMEType.IMAGE_PNG));
        assertNull(Bundles.view(p, false));
    }

    @Test
    void liveProgressIsOneDisplayThenUpdatesWithALossCurve() {
        List<String> calls = new ArrayList<>();
        List<DisplayData> data = new ArrayList<>();
        DisplayStream stream = new DisplayStream() {
            @Override public void display(DisplayData d) {
                calls.add("display " + d.getDisplayId());
                data.add(d);
            }

            @Override public void updateDisplay(String id, DisplayData d) {
                calls.add("update " + id);
                data.add(d);
            }
        };
        Publisher publisher = new Publisher();
        LiveProgress live = new LiveProgress(stream, publisher);
        live.show("epoch 1  step 1 (1/3, 33%)  loss 3.2000  100 tok/s  ETA 0:02");
        live.show("epoch 1  step 2 (2/3, 66%)  loss 2.5000  120 tok/s  ETA 0:01");
        live.show("epoch 1  step 3 (3/3, 100%)  loss 2.0000  val_loss 2.1000  130 tok/s");
        live.clear();
        publisher.await();
        String id = calls.get(0).substring("display ".length());
        assertEquals(List.of("display " + id, "update " + id, "update " + id), calls);
        DisplayData last = data.get(2);
        assertEquals("epoch 1  step 3 (3/3, 100%)  loss 2.0000  val_loss 2.1000  130 tok/s", last.getData(MIMEType.TEXT_PLAIN));
        String html = (String) last.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("<polyline") && html.contains("loss 2.0000 .. 3.2000"), html);
    }
}
