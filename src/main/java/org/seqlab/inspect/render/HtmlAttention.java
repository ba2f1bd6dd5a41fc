package org.seqlab.inspect.render;

import java.util.List;
import java.util.Locale;

/**
 * An attention map as one self-contained HTML page in the manner of BertViz's head view: queries on
 * the left, keys on the right, a line per (query, key) per selected head whose opacity is the
 * weight; buttons select heads (click toggles, double-click shows only that head); hovering a token
 * keeps only its lines and lists its strongest weights. Beside it, the weight matrix of the current
 * head (query rows, key columns) with values on hover. Data, style and script are inline.
 */
final class HtmlAttention {

    /** Head colours (d3's category10 then more), cycling for more heads. */
    private static final int[] HEAD_COLORS = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b,
        0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf, 0x393b79, 0xad494a};

    private static final String SCRIPT = """
            const D=JSON.parse(document.getElementById('data').textContent);
            const NS='http://www.w3.org/2000/svg';
            const nH=D.heads.length, nQ=D.queries.length, nK=D.keys.length, ROW=22, TOP=24;
            const longest=a=>a.reduce((m,t)=>Math.max(m,t.length),1);
            const XL=longest(D.queries)*9+16, XR=XL+180, WIDTH=XR+longest(D.keys)*9+16;
            const sel=D.heads.map(()=>true);
            let current=0, focus=null;
            const svg=document.getElementById('lines');
            const height=TOP+Math.max(nQ,nK)*ROW+8;
            svg.setAttribute('width',WIDTH);svg.setAttribute('height',height);
            function el(name,attrs,text){const e=document.createElementNS(NS,name);
              for(const k in attrs){e.setAttribute(k,attrs[k]);} if(text!==undefined){e.textContent=text;} return e;}
            function drawLines(){
              svg.textContent='';
              svg.appendChild(el('text',{x:XL,y:14,'text-anchor':'end','font-size':11,fill:'#666'},'query'));
              svg.appendChild(el('text',{x:XR,y:14,'font-size':11,fill:'#666'},'key'));
              for(let h=0;h<nH;h++){ if(!sel[h]) continue;
                for(let q=0;q<nQ;q++){ if(focus&&focus.side==='q'&&focus.i!==q) continue;
                  for(let k=0;k<nK;k++){ if(focus&&focus.side==='k'&&focus.i!==k) continue;
                    const w=D.weights[h][q][k]; if(w<0.01) continue;
                    svg.appendChild(el('line',{x1:XL+6,y1:TOP+q*ROW+ROW/2-4,x2:XR-6,y2:TOP+k*ROW+ROW/2-4,
                      stroke:D.colors[h],'stroke-width':2.5,'stroke-opacity':Math.min(1,w)}));}}}
              tokens('q',D.queries,XL,'end');tokens('k',D.keys,XR,'start');
            }
            function tokens(side,labels,x,anchor){
              labels.forEach((t,i)=>{
                const on=focus&&focus.side===side&&focus.i===i;
                const g=el('g',{});
                const w=Math.max(12,t.length*8+8);
                g.appendChild(el('rect',{x:anchor==='end'?x-w:x-2,y:TOP+i*ROW-8,width:w+2,height:ROW-4,
                  fill:on?'#ffe08a':'#ffffff'}));
                g.appendChild(el('text',{x:x,y:TOP+i*ROW+ROW/2-1,'text-anchor':anchor,'font-size':14},t));
                g.style.cursor='pointer';
                g.addEventListener('mouseenter',()=>{focus={side:side,i:i};drawLines();info();});
                g.addEventListener('mouseleave',()=>{focus=null;drawLines();info();});
                svg.appendChild(g);});
            }
            function info(){
              const box=document.getElementById('info');
              if(!focus){box.textContent='Hover a token to see only its lines and its strongest weights.';return;}
              const lines=[];
              for(let h=0;h<nH;h++){ if(!sel[h]) continue;
                const pairs=[];
                if(focus.side==='q'){for(let k=0;k<nK;k++) pairs.push([D.keys[k],D.weights[h][focus.i][k]]);}
                else{for(let q=0;q<nQ;q++) pairs.push([D.queries[q],D.weights[h][q][focus.i]]);}
                pairs.sort((a,b)=>b[1]-a[1]);
                lines.push(D.heads[h]+': '+pairs.slice(0,5).map(p=>p[0]+' '+p[1].toFixed(3)).join(', '));}
              const who=focus.side==='q'?'query '+D.queries[focus.i]+' attends to':'key '+D.keys[focus.i]+' is attended by';
              box.textContent=who+'\\n'+lines.join('\\n');
            }
            function matrix(){
              document.getElementById('mtitle').textContent=D.heads[current]+' \\u2014 query rows, key columns';
              const m=document.getElementById('matrix');m.textContent='';
              const head=m.createTHead().insertRow();head.appendChild(document.createElement('th'));
              const up=D.keys.some(t=>t.length>2);
              D.keys.forEach(t=>{const th=document.createElement('th');th.textContent=t;if(up)th.className='up';head.appendChild(th);});
              const body=m.createTBody();
              D.queries.forEach((t,q)=>{const tr=body.insertRow();const th=document.createElement('th');th.textContent=t;tr.appendChild(th);
                D.keys.forEach((_,k)=>{const w=D.weights[current][q][k];const td=tr.insertCell();
                  td.style.background=D.palette[Math.max(0,Math.min(100,Math.round(w*100)))];td.dataset.v=w.toFixed(4);});});
            }
            function buttons(){
              const box=document.getElementById('heads');box.textContent='Heads: ';
              D.heads.forEach((name,h)=>{const b=document.createElement('button');b.textContent=name;
                b.style.background=sel[h]?D.colors[h]:'#eee';b.style.color=sel[h]?'#fff':'#333';
                b.style.outline=h===current?'2px solid #000':'none';
                b.title='click: show or hide; double-click: only this head';
                b.onclick=()=>{sel[h]=!sel[h];if(sel[h])current=h;refresh();};
                b.ondblclick=()=>{sel.fill(false);sel[h]=true;current=h;refresh();};
                box.appendChild(b);});
              [['all',true],['none',false]].forEach(([label,v])=>{const b=document.createElement('button');b.textContent=label;
                b.onclick=()=>{sel.fill(v);refresh();};box.appendChild(b);});
            }
            function refresh(){buttons();drawLines();matrix();info();}
            refresh();
            """;

    private HtmlAttention() {
    }

    static String of(AttentionMap a) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(Xml.escape(a.title())).append("</h1>\n");
        body.append("<div class=\"axes\">Left: queries (the attending tokens); right: keys. A line's strength is the "
                + "weight; each head has its colour.</div>\n");
        body.append("<div id=\"heads\"></div>\n<div class=\"panels\">\n<div><svg id=\"lines\"></svg>\n"
                + "<pre id=\"info\" style=\"font-size:12px;max-width:480px;white-space:pre-wrap\"></pre></div>\n"
                + "<div><h2 id=\"mtitle\"></h2><table class=\"hm\" id=\"matrix\"></table>\n");
        HtmlPage.legend(body, Scale.sequential(0, 1));
        body.append("</div>\n</div>\n<script type=\"application/json\" id=\"data\">").append(json(a)).append("</script>\n");
        String css = "button{margin:2px;border:1px solid #999;border-radius:3px;padding:2px 8px;cursor:pointer}\n";
        return HtmlPage.document(a.title(), "<style>" + css + "</style>\n" + body, SCRIPT);
    }

    private static String json(AttentionMap a) {
        StringBuilder sb = new StringBuilder("{\"queries\":");
        strings(sb, visible(a.queries()));
        sb.append(",\"keys\":");
        strings(sb, visible(a.keys()));
        sb.append(",\"heads\":");
        strings(sb, a.headNames());
        sb.append(",\"colors\":[");
        for (int h = 0; h < a.headNames().size(); h++) {
            sb.append(h > 0 ? "," : "").append('"').append(SeriesStyle.hex(HEAD_COLORS[h % HEAD_COLORS.length])).append('"');
        }
        sb.append("],\"palette\":[");
        Scale s = Scale.sequential(0, 1);
        for (int i = 0; i <= 100; i++) {
            sb.append(i > 0 ? "," : "").append('"').append(SeriesStyle.hex(s.rgb(i / 100f))).append('"');
        }
        sb.append("],\"weights\":[");
        for (int h = 0; h < a.weights().size(); h++) {
            sb.append(h > 0 ? "," : "").append('[');
            float[][] w = a.weights().get(h);
            for (int q = 0; q < w.length; q++) {
                sb.append(q > 0 ? "," : "").append('[');
                for (int k = 0; k < w[q].length; k++) {
                    float v = w[q][k];
                    sb.append(k > 0 ? "," : "").append(Float.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "0");
                }
                sb.append(']');
            }
            sb.append(']');
        }
        return sb.append("]}").toString();
    }

    private static List<String> visible(List<String> tokens) {
        return tokens.stream().map(TokenLabels::visible).toList();
    }

    private static void strings(StringBuilder sb, List<String> xs) {
        sb.append('[');
        for (int i = 0; i < xs.size(); i++) {
            sb.append(i > 0 ? "," : "").append(Xml.json(xs.get(i)));
        }
        sb.append(']');
    }
}
