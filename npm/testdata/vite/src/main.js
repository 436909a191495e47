import './style.css';
import { greet } from './greet.js';

document.querySelector('main').insertAdjacentHTML('beforeend', `<p>${greet('reader')}</p>`);
